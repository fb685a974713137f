package dev.tinytorch.nn.optim;

import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019): {@link Adam} with decoupled weight decay, following PyTorch's
 * {@code torch.optim.AdamW} and its defaults. The weights shrink directly, by the same fraction for every element,
 * instead of the decay entering the gradient, where Adam's per-element step size would rescale it. At step
 * {@code t = 1, 2, ...}, element by element:
 * <pre>
 * w    = w * (1 - lr * weightDecay)
 * m    = beta1 * m + (1 - beta1) * grad
 * v    = beta2 * v + (1 - beta2) * grad^2
 * mHat = m / (1 - beta1^t),   vHat = v / (1 - beta2^t)
 * w    = w - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * Defaults as {@link Adam}'s, except weight decay {@value #DEFAULT_WEIGHT_DECAY}.
 */
public final class AdamW extends AdamRule {

    /** PyTorch's default weight decay for AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /** AdamW with all of PyTorch's defaults. */
    public AdamW(List<Parameter> parameters) {
        this(parameters, Adam.DEFAULT_LR);
    }

    /** AdamW with learning rate {@code lr > 0} and the other defaults. */
    public AdamW(List<Parameter> parameters, double lr) {
        this(parameters, lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * AdamW with every setting, in the order of PyTorch's arguments: {@code lr > 0}, betas in {@code [0, 1)},
     * {@code eps >= 0}, {@code weightDecay >= 0}.
     */
    public AdamW(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", parameters, lr, beta1, beta2, eps, weightDecay, true);
    }
}
