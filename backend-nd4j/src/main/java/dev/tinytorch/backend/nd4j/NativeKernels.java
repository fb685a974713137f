package dev.tinytorch.backend.nd4j;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.indexaccum.FirstIndex;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions.ConditionMode;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * ND4J's native kernels (libnd4j's "legacy" ops: transforms, scalar, pairwise, broadcast, reduce), called the way
 * ND4J's own executioner calls them, minus the executioner.
 *
 * <p>Going through {@code Nd4j.getExecutioner().exec(op)} builds a Java op object per call, and for scalar ops a
 * scalar array (a native buffer plus a registration with ND4J's deallocator), for custom ops a native context, an
 * id from {@code SecureRandom} and new shape descriptors: 7-30 us per call, where the kernel itself takes well
 * under one for a 64 x 20 matrix. Here each operation is one native call on handles the matrices keep, with the
 * operand of scalar ops written into a per-thread one-element buffer allocated once.
 *
 * <p>Every call checks libnd4j's error code, as the executioner does, and fails with libnd4j's message.
 */
final class NativeKernels {

    /** libnd4j's compare-and-set transform ({@code z = condition(x) ? set : x}), its number without a second operand. */
    private static final int COMPARE_AND_SET = new CompareAndSet().opNum();
    /** libnd4j's "first index" reduction: the index of the first element meeting a condition, or -1. */
    private static final int FIRST_INDEX = new FirstIndex().opNum();

    private final NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
    private final Dimension rowsDimension = new Dimension(0);
    private final Dimension columnsDimension = new Dimension(1);
    /** pullRows reads its first extra pointer; ND4J passes one null entry, as here. */
    private final PointerPointer<?> noExtras = new PointerPointer<>(1);
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Dimension 0 (along the rows: each column is one tensor) or 1 (along the columns: each row is one). */
    Dimension dimension(int d) {
        return d == 0 ? rowsDimension : columnsDimension;
    }

    // ---- element-wise ----------------------------------------------------------------------------------------

    /** {@code z = op(x)} by a transform whose result type is x's ("same": abs, square, reciprocal). */
    void transformSame(int opNum, Nd4jMatrix x, Nd4jMatrix z) {
        nativeOps.execTransformSame(null, opNum, x.buffer, x.shape, null, z.buffer, z.shape, null, null);
        check("transform (same)", opNum);
    }

    /** {@code z = op(x)} by a floating-point transform (sqrt). */
    void transformFloat(int opNum, Nd4jMatrix x, Nd4jMatrix z) {
        nativeOps.execTransformFloat(null, opNum, x.buffer, x.shape, null, z.buffer, z.shape, null, null);
        check("transform (float)", opNum);
    }

    /** {@code z = op(x)} by a strictly floating-point transform (exp, log, sigmoid, tanh). */
    void transformStrict(int opNum, Nd4jMatrix x, Nd4jMatrix z) {
        nativeOps.execTransformStrict(null, opNum, x.buffer, x.shape, null, z.buffer, z.shape, null, null);
        check("transform (strict)", opNum);
    }

    /**
     * {@code z = condition(x) ? set : x} element by element, where the condition compares x with {@code compare}
     * exactly (LESS_THAN, GREATER_THAN, LESS_THAN_OR_EQUAL or GREATER_THAN_OR_EQUAL: no tolerance). A NaN fails
     * every comparison, so it is left as it is: the one kernel that replaces values and keeps NaN.
     */
    void compareAndSet(Nd4jMatrix x, ConditionMode condition, double compare, double set, Nd4jMatrix z) {
        DoublePointer params = scratch.get().conditionParams(compare, set, condition);
        nativeOps.execTransformSame(null, COMPARE_AND_SET, x.buffer, x.shape, null, z.buffer, z.shape, null, params);
        check("compare and set", COMPARE_AND_SET);
    }

    /** {@code z = op(x, scalar)} element by element. */
    void scalar(int opNum, Nd4jMatrix x, double scalar, Nd4jMatrix z) {
        Scratch s = scratch.get();
        s.value.put(0, scalar);
        nativeOps.execScalar(null, opNum, x.buffer, x.shape, null, z.buffer, z.shape, null,
                s.valueBuffer, s.valueShape, null, null);
        check("scalar", opNum);
    }

    /** {@code z = op(x, y)} element by element, all three of one shape. */
    void pairwise(int opNum, Nd4jMatrix x, Nd4jMatrix y, Nd4jMatrix z) {
        nativeOps.execPairwiseTransform(null, opNum, x.buffer, x.shape, null, y.buffer, y.shape, null,
                z.buffer, z.shape, null, null);
        check("pairwise", opNum);
    }

    /**
     * {@code z = op(x, y)} where {@code y} is one tensor along {@code dimension} of {@code x}, applied to each:
     * a {@code 1 x cols} row along dimension 1, a {@code rows x 1} column along dimension 0.
     */
    void broadcast(int opNum, Nd4jMatrix x, Nd4jMatrix y, Nd4jMatrix z, Dimension dimension) {
        nativeOps.execBroadcast(null, opNum, x.buffer, x.shape, null, y.buffer, y.shape, null,
                z.buffer, z.shape, null, dimension.buffer, dimension.shape, null);
        check("broadcast", opNum);
    }

    // ---- reductions ------------------------------------------------------------------------------------------

    /** Reduces {@code x} over {@code dimension} into {@code z} by a reduction whose result type is x's. */
    void reduceSame(int opNum, Nd4jMatrix x, Nd4jMatrix z, Dimension dimension) {
        nativeOps.execReduceSame2(null, opNum, x.buffer, x.shape, null, null, z.buffer, z.shape, null,
                dimension.buffer, dimension.shape, null);
        check("reduce (same)", opNum);
    }

    /** Reduces {@code x} over {@code dimension} into {@code z} by a floating-point reduction (mean). */
    void reduceFloat(int opNum, Nd4jMatrix x, Nd4jMatrix z, Dimension dimension) {
        nativeOps.execReduceFloat2(null, opNum, x.buffer, x.shape, null, null, z.buffer, z.shape, null,
                dimension.buffer, dimension.shape, null);
        check("reduce (float)", opNum);
    }

    /** Reduces all of {@code x} to one number by a reduction whose result type is x's. */
    double reduceSameToScalar(int opNum, Nd4jMatrix x) {
        Scratch s = scratch.get();
        nativeOps.execReduceSame(null, opNum, x.buffer, x.shape, null, null, s.valueBuffer, s.valueShape, null);
        check("reduce to scalar", opNum);
        return s.value.get(0);
    }

    /** For each tensor of {@code x} along {@code dimension}, the index the index-reduction picks, into {@code out}. */
    void indexReduce(int opNum, Nd4jMatrix x, Dimension dimension, int[] out) {
        indexReduce(opNum, null, x, dimension, out, out.length);
    }

    /**
     * For each of the {@code count} tensors of {@code x} along {@code dimension}, the index of its first NaN, or -1
     * if it has none, into {@code out[0 .. count - 1]}.
     */
    void firstNaN(Nd4jMatrix x, Dimension dimension, int[] out, int count) {
        indexReduce(FIRST_INDEX, scratch.get().indexConditionParams(ConditionMode.IS_NAN), x, dimension, out, count);
    }

    private void indexReduce(int opNum, DoublePointer params, Nd4jMatrix x, Dimension dimension, int[] out,
                             int count) {
        Scratch s = scratch.get();
        INDArray indices = s.indices(count);
        nativeOps.execIndexReduce(null, opNum, x.buffer, x.shape, null, params, opaque(indices),
                (LongPointer) indices.shapeInfoDataBuffer().addressPointer(), null,
                dimension.buffer, dimension.shape, null);
        check("index reduce", opNum);
        LongPointer values = (LongPointer) indices.data().addressPointer();
        for (int i = 0; i < count; i++) {
            out[i] = (int) values.get(i);
        }
    }

    // ---- gathering -------------------------------------------------------------------------------------------

    /** Copies rows {@code rows[offset .. offset + count - 1]} of {@code src} into the rows of {@code out}. */
    void pullRows(Nd4jMatrix src, int[] rows, int offset, int count, Nd4jMatrix out) {
        Nd4jMatrix.RowTensors from = src.rowTensors();
        Nd4jMatrix.RowTensors to = out.rowTensors();
        LongPointer indexes = scratch.get().indexes(rows, offset, count);
        nativeOps.pullRows(noExtras, src.buffer, src.shape, null, out.buffer, out.shape, null, count, indexes,
                from.shape, from.offsets, to.shape, to.offsets);
        check("pullRows", 0);
    }

    private void check(String kind, int opNum) {
        if (nativeOps.lastErrorCode() != 0) {
            throw new IllegalStateException("ND4J " + kind + " op #" + opNum + " failed: "
                    + nativeOps.lastErrorMessage());
        }
    }

    private static OpaqueDataBuffer opaque(INDArray a) {
        return ((BaseCpuDataBuffer) a.data()).getOpaqueDataBuffer();
    }

    /** A constant dimension argument: a one-element int array, kept alive as long as the kernels are. */
    static final class Dimension {
        private final INDArray array;
        private final OpaqueDataBuffer buffer;
        private final LongPointer shape;

        private Dimension(int dimension) {
            this.array = Nd4j.createFromArray(dimension);
            this.buffer = opaque(array);
            this.shape = (LongPointer) array.shapeInfoDataBuffer().addressPointer();
        }

        @Override
        public String toString() {
            return "dimension " + array.getInt(0);
        }
    }

    /**
     * What one thread's calls write besides the matrices: the scalar operand or result, the row indexes of a
     * gather and the indices of an index reduction. Allocated once per thread and grown when too small.
     */
    private static final class Scratch {
        private final INDArray valueArray = Nd4j.scalar(DataType.DOUBLE, 0.0);
        final OpaqueDataBuffer valueBuffer = opaque(valueArray);
        final LongPointer valueShape = (LongPointer) valueArray.shapeInfoDataBuffer().addressPointer();
        final DoublePointer value = (DoublePointer) valueArray.data().addressPointer();
        /** The parameters of a condition, for compare-and-set or first-index. */
        private final DoublePointer condition = new DoublePointer(4);
        private long[] indexArray = new long[0];
        private LongPointer indexPointer;
        private INDArray indices;

        /** Compare-and-set's parameters, as libnd4j reads them: compare, set, tolerance, condition. */
        DoublePointer conditionParams(double compare, double set, ConditionMode mode) {
            return condition.put(0, compare).put(1, set).put(2, 0.0).put(3, mode.index);
        }

        /** First-index's parameters, as libnd4j reads them: compare, tolerance, condition. */
        DoublePointer indexConditionParams(ConditionMode mode) {
            return condition.put(0, 0.0).put(1, 0.0).put(2, mode.index).put(3, 0.0);
        }

        /** {@code rows[offset .. offset + count - 1]} as native longs. */
        LongPointer indexes(int[] rows, int offset, int count) {
            if (indexPointer == null || indexArray.length < count) {
                indexArray = new long[count];
                indexPointer = new LongPointer(count);
            }
            for (int i = 0; i < count; i++) {
                indexArray[i] = rows[offset + i];
            }
            return indexPointer.put(indexArray, 0, count);
        }

        /** A long array of {@code n} elements for the result of an index reduction. */
        INDArray indices(int n) {
            if (indices == null || indices.length() != n) {
                indices = Nd4j.create(DataType.LONG, n);
            }
            return indices;
        }
    }
}
