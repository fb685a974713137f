package dev.tinytorch.nn.optim;

import dev.tinytorch.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015): gradient descent with a per-element step size, following PyTorch's
 * {@code torch.optim.Adam} (without {@code amsgrad}) and its defaults. For each parameter {@code w} with gradient
 * {@code grad}, at step {@code t = 1, 2, ...}, element by element:
 * <pre>
 * g    = grad + weightDecay * w                 (an L2 penalty; weightDecay is 0 by default)
 * m    = beta1 * m + (1 - beta1) * g             (moving mean of the gradient; m starts at 0)
 * v    = beta2 * v + (1 - beta2) * g^2           (moving mean of its square; v starts at 0)
 * mHat = m / (1 - beta1^t)                       (bias corrections for the zero start)
 * vHat = v / (1 - beta2^t)
 * w    = w - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * Defaults: {@code lr} {@value #DEFAULT_LR}, betas ({@value #DEFAULT_BETA1}, {@value #DEFAULT_BETA2}), {@code eps}
 * {@value #DEFAULT_EPS}, no weight decay. For weight decay that does not pass through the adaptive step size, use
 * {@link AdamW}.
 */
public final class Adam extends AdamRule {

    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LR = 1e-3;
    /** PyTorch's default decay rate of the first moment. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default decay rate of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default term added to the denominator. */
    public static final double DEFAULT_EPS = 1e-8;

    /** Adam with all of PyTorch's defaults. */
    public Adam(List<Parameter> parameters) {
        this(parameters, DEFAULT_LR);
    }

    /** Adam with learning rate {@code lr > 0} and the other defaults. */
    public Adam(List<Parameter> parameters, double lr) {
        this(parameters, lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0.0);
    }

    /**
     * Adam with every setting, in the order of PyTorch's arguments: {@code lr > 0}, betas in {@code [0, 1)},
     * {@code eps >= 0}, {@code weightDecay >= 0}.
     */
    public Adam(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("Adam", parameters, lr, beta1, beta2, eps, weightDecay, false);
    }
}
