package dev.tinytorch.api.contract;

import dev.tinytorch.api.kernels.f64.RecurrentKernels;

/**
 * The shared scalar recurrent kernels of one precision on double arrays, for {@link RecurrentContract} to compare a
 * backend's cells with bit for bit: {@link RecurrentKernels} itself, or its generated float32 copy applied to the
 * values as floats (exact, since a float32 backend holds them so) with its results widened back (exact too). Each
 * method modifies the arrays its {@link RecurrentKernels} namesake modifies.
 */
interface SharedCells {

    /** {@link RecurrentKernels#lstmCell}: modifies {@code gates}, {@code c}, {@code h}. */
    void lstmCell(double[] gates, double[] cPrev, double[] c, double[] h, int rows, int hidden);

    /** {@link RecurrentKernels#lstmCellBackward}: modifies {@code dc}, {@code dGates}. */
    void lstmCellBackward(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc, double[] dGates,
            int rows, int hidden);

    /** {@link RecurrentKernels#gruCell}: modifies {@code gates}, {@code h}. */
    void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int rows,
            int hidden);

    /** {@link RecurrentKernels#gruCellBackward}: modifies {@code dGates}, {@code dHiddenGates}, {@code dhPrev}. */
    void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
            double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden);

    /** The float64 kernels. */
    final class Float64 implements SharedCells {

        @Override
        public void lstmCell(double[] gates, double[] cPrev, double[] c, double[] h, int rows, int hidden) {
            RecurrentKernels.lstmCell(gates, 0, cPrev, c, h, rows, hidden);
        }

        @Override
        public void lstmCellBackward(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc,
                double[] dGates, int rows, int hidden) {
            RecurrentKernels.lstmCellBackward(gates, 0, cPrev, c, dh, dc, dGates, rows, hidden);
        }

        @Override
        public void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int rows,
                int hidden) {
            RecurrentKernels.gruCell(gates, gateRow, hiddenGates, hPrev, h, rows, hidden);
        }

        @Override
        public void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
                double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
            RecurrentKernels.gruCellBackward(gates, gateRow, hiddenGates, hPrev, dh, dGates, dHiddenGates, dhPrev,
                    rows, hidden);
        }
    }

    /** The float32 copy, {@code dev.tinytorch.api.kernels.f32.RecurrentKernels}, on the values as floats. */
    final class Float32 implements SharedCells {

        private static float[] narrow(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }

        /** Writes {@code f} widened into {@code into}. */
        private static void widen(float[] f, double[] into) {
            for (int i = 0; i < f.length; i++) {
                into[i] = f[i];
            }
        }

        @Override
        public void lstmCell(double[] gates, double[] cPrev, double[] c, double[] h, int rows, int hidden) {
            float[] g = narrow(gates);
            float[] cf = narrow(c);
            float[] hf = narrow(h);
            dev.tinytorch.api.kernels.f32.RecurrentKernels.lstmCell(g, 0, narrow(cPrev), cf, hf, rows, hidden);
            widen(g, gates);
            widen(cf, c);
            widen(hf, h);
        }

        @Override
        public void lstmCellBackward(double[] gates, double[] cPrev, double[] c, double[] dh, double[] dc,
                double[] dGates, int rows, int hidden) {
            float[] dcf = narrow(dc);
            float[] dg = narrow(dGates);
            dev.tinytorch.api.kernels.f32.RecurrentKernels.lstmCellBackward(narrow(gates), 0, narrow(cPrev), narrow(c),
                    narrow(dh), dcf, dg, rows, hidden);
            widen(dcf, dc);
            widen(dg, dGates);
        }

        @Override
        public void gruCell(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] h, int rows,
                int hidden) {
            float[] g = narrow(gates);
            float[] hf = narrow(h);
            dev.tinytorch.api.kernels.f32.RecurrentKernels.gruCell(g, gateRow, narrow(hiddenGates), narrow(hPrev), hf,
                    rows, hidden);
            widen(g, gates);
            widen(hf, h);
        }

        @Override
        public void gruCellBackward(double[] gates, int gateRow, double[] hiddenGates, double[] hPrev, double[] dh,
                double[] dGates, double[] dHiddenGates, double[] dhPrev, int rows, int hidden) {
            float[] dg = narrow(dGates);
            float[] dhg = narrow(dHiddenGates);
            float[] dhp = narrow(dhPrev);
            dev.tinytorch.api.kernels.f32.RecurrentKernels.gruCellBackward(narrow(gates), gateRow, narrow(hiddenGates),
                    narrow(hPrev), narrow(dh), dg, dhg, dhp, rows, hidden);
            widen(dg, dGates);
            widen(dhg, dHiddenGates);
            widen(dhp, dhPrev);
        }
    }
}
