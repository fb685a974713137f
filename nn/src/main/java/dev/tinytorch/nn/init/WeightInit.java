package dev.tinytorch.nn.init;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.random.RandomGenerator;

/**
 * The standard weight initialisations, named as in PyTorch's {@code torch.nn.init}. For a {@code fanIn x fanOut}
 * weight ({@code fanIn} inputs, {@code fanOut} outputs):
 * <ul>
 *   <li>{@link #DEFAULT}: {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, the tutorial's choice and that of PyTorch's
 *       {@code nn.Linear};</li>
 *   <li>{@link #XAVIER_UNIFORM}, {@link #XAVIER_NORMAL} (Glorot and Bengio, 2010): keep the variance of activations
 *       and of gradients alike through {@code tanh} or sigmoid layers;</li>
 *   <li>{@link #KAIMING_UNIFORM}, {@link #KAIMING_NORMAL} (He et al., 2015), in PyTorch's default {@code fan_in}
 *       mode with the ReLU gain {@code sqrt(2)}: keep the variance of activations through ReLU layers.</li>
 * </ul>
 */
public enum WeightInit implements Initializer {

    /** {@code U(-b, b)} with {@code b = 1 / sqrt(fanIn)}. */
    DEFAULT {
        @Override
        public void fill(MatrixOps ops, Matrix weight, RandomGenerator rng) {
            double bound = 1.0 / Math.sqrt(weight.rows());
            ops.fillUniform(weight, -bound, bound, rng);
        }
    },
    /** {@code U(-b, b)} with {@code b = sqrt(6 / (fanIn + fanOut))}, as {@code xavier_uniform_}. */
    XAVIER_UNIFORM {
        @Override
        public void fill(MatrixOps ops, Matrix weight, RandomGenerator rng) {
            double bound = Math.sqrt(6.0 / (weight.rows() + weight.cols()));
            ops.fillUniform(weight, -bound, bound, rng);
        }
    },
    /** {@code N(0, s^2)} with {@code s = sqrt(2 / (fanIn + fanOut))}, as {@code xavier_normal_}. */
    XAVIER_NORMAL {
        @Override
        public void fill(MatrixOps ops, Matrix weight, RandomGenerator rng) {
            ops.fillNormal(weight, 0.0, Math.sqrt(2.0 / (weight.rows() + weight.cols())), rng);
        }
    },
    /**
     * {@code U(-b, b)} with {@code b = sqrt(2) * sqrt(3 / fanIn) = sqrt(6 / fanIn)}, as
     * {@code kaiming_uniform_(w, a=0, mode='fan_in', nonlinearity='relu')}.
     */
    KAIMING_UNIFORM {
        @Override
        public void fill(MatrixOps ops, Matrix weight, RandomGenerator rng) {
            double bound = Math.sqrt(6.0 / weight.rows());
            ops.fillUniform(weight, -bound, bound, rng);
        }
    },
    /** {@code N(0, s^2)} with {@code s = sqrt(2 / fanIn)}, as {@code kaiming_normal_(w, a=0, mode='fan_in')}. */
    KAIMING_NORMAL {
        @Override
        public void fill(MatrixOps ops, Matrix weight, RandomGenerator rng) {
            ops.fillNormal(weight, 0.0, Math.sqrt(2.0 / weight.rows()), rng);
        }
    }
}
