/**
 * Array kernels written once for every backend that holds (or can copy) its matrices as row-major Java arrays: not
 * an API for users. The kernels over {@code double[]} live in the package {@code f64} below this one; the build
 * generates their twins over {@code float[]}, the package {@code f32}, from the same sources, so neither precision
 * is ever copied by hand.
 *
 * <h2>How the float32 kernels are made</h2>
 * Every module whose sources have a package named {@code f64} gets, in {@code generate-sources}, a copy of it in a
 * package named {@code f32} under {@code target/generated-sources/float32} (and the same for {@code f64} test
 * packages, under {@code target/generated-test-sources/float32}), compiled, tested and shipped with the module but
 * never committed. The copy is a text substitution, configured once in the parent POM (the {@code float32-sources}
 * execution of maven-antrun-plugin, added to the build by build-helper-maven-plugin), as EJML makes its float
 * library from its double sources:
 * <ul>
 *   <li>the package {@code .f64} becomes {@code .f32}, in the package line, imports and links;</li>
 *   <li>the word {@code double} becomes {@code float}, unless it follows {@code @AlwaysDouble } (an API scalar, or a
 *       long sum's accumulator; see {@link dev.tinytorch.api.kernels.AlwaysDouble});</li>
 *   <li>{@code Double} starting a word becomes {@code Float} ({@code DoubleVector}, {@code Double.NaN},
 *       {@code VectorSpecies<Double>}), {@code Double.doubleToRawLongBits} becomes
 *       {@code Float.floatToRawIntBits}, and {@code DType.FLOAT64} becomes {@code DType.FLOAT32};</li>
 *   <li>a floating-point literal ({@code 0.5}, {@code 1e-6}) gets the suffix {@code f}.</li>
 * </ul>
 * So the f64 sources are plain Java over {@code double}, with two habits: a call that returns {@code double} in
 * both precisions ({@link java.lang.Math#tanh}, {@link java.lang.Math#exp}, {@link dev.tinytorch.api.UnaryOp#apply})
 * is cast explicitly, {@code (double) Math.tanh(x)}, which the float copy reads as {@code (float) Math.tanh(x)};
 * and a value that must stay double is declared {@code @AlwaysDouble double}. Classes with such casts suppress
 * javac's "redundant cast" lint, since the casts are redundant only in float64. docs/float32.md has the rest of the
 * rules.
 */
package dev.tinytorch.api.kernels;
