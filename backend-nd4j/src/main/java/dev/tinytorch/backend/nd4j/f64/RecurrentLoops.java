package dev.tinytorch.backend.nd4j.f64;

import dev.tinytorch.api.kernels.f64.RecurrentKernels;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Java loops of {@link RecurrentKernels} and row-block copies for the recurrent layers: the cell operands are copied
 * out of native memory into per-thread arrays, looped over, and the outputs copied back; a row block is copied
 * natively through a per-thread pointer moved to its first element, so no call allocates.
 */
final class RecurrentLoops {

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    void copyRows(Nd4jMatrix src, int srcRow, Nd4jMatrix dst, int dstRow, int count) {
        long cols = src.cols();
        if (count == 0 || cols == 0) {
            return;
        }
        Buffers b = buffers.get();
        Pointer.memcpy(b.to.at(dst, dstRow * cols), b.from.at(src, srcRow * cols), count * cols * Double.BYTES);
    }

    /** Only the step's rows of {@code gates} cross to the heap and back. */
    void lstmCell(Nd4jMatrix gates, int row, Nd4jMatrix cPrev, Nd4jMatrix c, Nd4jMatrix h) {
        Buffers b = buffers.get();
        double[] g = b.readRows(0, gates, row, c.rows());
        double[] cOut = b.array(2, c);
        double[] hOut = b.array(3, h);
        RecurrentKernels.lstmCell(g, 0, b.read(1, cPrev), cOut, hOut, c.rows(), c.cols());
        b.writeRows(g, gates, row, c.rows());
        b.write(cOut, c);
        b.write(hOut, h);
    }

    /** Only the step's rows of {@code gates} and {@code dGates} cross between the heap and native memory. */
    void lstmCellBackward(Nd4jMatrix gates, int row, Nd4jMatrix cPrev, Nd4jMatrix c, Nd4jMatrix dh, Nd4jMatrix dc,
            Nd4jMatrix dGates) {
        Buffers b = buffers.get();
        double[] dcIo = b.read(4, dc);
        double[] dg = b.array(5, (long) c.rows() * dGates.cols());
        RecurrentKernels.lstmCellBackward(b.readRows(0, gates, row, c.rows()), 0, b.read(1, cPrev), b.read(2, c),
                b.read(3, dh), dcIo, dg, c.rows(), c.cols());
        b.write(dcIo, dc);
        b.writeRows(dg, dGates, row, c.rows());
    }

    /** Only the step's rows of {@code gates} cross to the heap and back. */
    void gruCell(Nd4jMatrix gates, int row, Nd4jMatrix hiddenGates, Nd4jMatrix hPrev, Nd4jMatrix h) {
        Buffers b = buffers.get();
        double[] g = b.readRows(0, gates, row, h.rows());
        double[] hOut = b.array(3, h);
        RecurrentKernels.gruCell(g, 0, b.read(1, hiddenGates), b.read(2, hPrev), hOut, h.rows(), h.cols());
        b.writeRows(g, gates, row, h.rows());
        b.write(hOut, h);
    }

    /** Only the step's rows of the time-major matrices cross between the heap and native memory. */
    void gruCellBackward(Nd4jMatrix gates, int row, Nd4jMatrix hiddenGates, Nd4jMatrix hPrev, Nd4jMatrix dh,
            Nd4jMatrix dGates, Nd4jMatrix dHiddenGates, Nd4jMatrix dhPrev) {
        Buffers b = buffers.get();
        double[] dg = b.array(4, (long) dh.rows() * dGates.cols());
        double[] dhg = b.array(5, (long) dh.rows() * dHiddenGates.cols());
        double[] dhp = b.array(6, dhPrev);
        RecurrentKernels.gruCellBackward(b.readRows(0, gates, row, dh.rows()), 0, b.read(1, hiddenGates),
                b.read(2, hPrev), b.read(3, dh), dg, dhg, dhp, dh.rows(), dh.cols());
        b.writeRows(dg, dGates, row, dh.rows());
        b.writeRows(dhg, dHiddenGates, row, dh.rows());
        b.write(dhp, dhPrev);
    }

    /** One thread's operand arrays (one per argument position, grown as needed) and its two copy windows. */
    private static final class Buffers {
        private final double[][] arrays = new double[7][0];
        private final Window from = new Window();
        private final Window to = new Window();
        private final RowWindow rows = new RowWindow();

        /** The array for argument {@code slot}, large enough for {@code m}. */
        double[] array(int slot, Nd4jMatrix m) {
            return array(slot, m.size());
        }

        /** The array for argument {@code slot}, of at least {@code size} elements. */
        double[] array(int slot, long size) {
            if (arrays[slot].length < size) {
                arrays[slot] = new double[Math.toIntExact(size)];
            }
            return arrays[slot];
        }

        /** A copy of rows {@code row .. row + count - 1} of {@code m} at the start of the array for {@code slot}. */
        double[] readRows(int slot, Nd4jMatrix m, int row, int count) {
            int size = count * m.cols();
            double[] a = array(slot, size);
            if (size > 0) {
                rows.at(m, row).get(a, 0, size);
            }
            return a;
        }

        /** Copies the first elements of {@code a} into rows {@code row .. row + count - 1} of {@code m}. */
        void writeRows(double[] a, Nd4jMatrix m, int row, int count) {
            int size = count * m.cols();
            if (size > 0) {
                rows.at(m, row).put(a, 0, size);
            }
        }

        /** A copy of {@code m}'s elements at the start of the array for argument {@code slot}. */
        double[] read(int slot, Nd4jMatrix m) {
            double[] a = array(slot, m);
            if (m.size() > 0) {
                m.data.get(a, 0, m.size());
            }
            return a;
        }

        /** Copies the first elements of {@code a} into {@code m}. */
        void write(double[] a, Nd4jMatrix m) {
            if (m.size() > 0) {
                m.data.put(a, 0, m.size());
            }
        }
    }

    /** A pointer moved to the first element of a row of a matrix's native buffer, to read or write rows from there. */
    private static final class RowWindow extends DoublePointer {
        DoublePointer at(Nd4jMatrix m, int row) {
            long element = (long) row * m.cols();
            address = m.data.address() + (m.data.position() + element) * Double.BYTES;
            position = 0;
            limit = m.size() - element;
            capacity = limit;
            return this;
        }
    }

    /** A pointer moved to any element of a matrix's native buffer, for {@link Pointer#memcpy}. */
    private static final class Window extends Pointer {
        Pointer at(Nd4jMatrix m, long element) {
            address = m.data.address() + (m.data.position() + element) * Double.BYTES;
            position = 0;
            limit = (m.size() - element) * Double.BYTES;
            capacity = limit;
            return this;
        }
    }
}
