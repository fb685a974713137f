package dev.tinytorch.api.kernels;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code double} in an {@code f64} package that stays {@code double} in the float32 copy the build generates
 * from it (see {@link dev.tinytorch.api.kernels}): a scalar crossing the {@link dev.tinytorch.api.MatrixOps} API,
 * or an accumulator of a long sum, which float32 kernels keep in float64 as PyTorch's CPU kernels do. The generator
 * leaves a {@code double} alone when this annotation comes right before it, separated by one space, as in
 * {@code @AlwaysDouble double alpha}, or {@code new @AlwaysDouble double[n]} for an array that stays double; every
 * other {@code double} of the package becomes {@code float}.
 */
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.PARAMETER, ElementType.LOCAL_VARIABLE, ElementType.METHOD, ElementType.FIELD,
    ElementType.TYPE_USE})
public @interface AlwaysDouble {
}
