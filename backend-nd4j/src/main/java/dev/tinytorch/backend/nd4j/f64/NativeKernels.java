package dev.tinytorch.backend.nd4j.f64;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
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
        Scratch s = scratch.get();
        INDArray indices = s.indices(out.length);
        nativeOps.execIndexReduce(null, opNum, x.buffer, x.shape, null, null, opaque(indices),
                (LongPointer) indices.shapeInfoDataBuffer().addressPointer(), null,
                dimension.buffer, dimension.shape, null);
        check("index reduce", opNum);
        LongPointer values = (LongPointer) indices.data().addressPointer();
        for (int i = 0; i < out.length; i++) {
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
        private long[] indexArray = new long[0];
        private LongPointer indexPointer;
        private INDArray indices;

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
