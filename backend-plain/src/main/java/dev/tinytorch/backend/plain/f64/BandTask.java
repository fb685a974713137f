package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.function.IntConsumer;

/**
 * An operation shared with {@link BandThreads} in bands, whose fields describe the call in progress: a subclass
 * sets them, calls {@link #runBands(int)}, and its {@link #accept(int) accept} computes one band from them. The
 * fields that hold the caller's arrays are cleared when the bands are done, even if one threw, so that an instance
 * kept for its thread does not keep a caller's matrices alive between calls. Each thread that calls an operation
 * uses its own instance.
 */
abstract class BandTask implements IntConsumer {

    private final BandThreads threads;

    BandTask(BandThreads threads) {
        this.threads = threads;
    }

    /** Bands {@code 0 .. bands - 1} of the call the fields describe, on the band threads; then {@link #clear()}. */
    final void runBands(int bands) {
        runBands(bands, true);
    }

    /**
     * As {@link #runBands(int)}, but on the calling thread alone, band after band, unless {@code share}: for calls
     * too small to repay waking a helper.
     */
    final void runBands(int bands, boolean share) {
        try {
            if (share) {
                threads.run(this, bands);
            } else {
                for (int band = 0; band < bands; band++) {
                    accept(band);
                }
            }
        } finally {
            clear();
        }
    }

    /** How many threads share the bands, the caller's included. */
    final int threads() {
        return threads.threads();
    }

    /** Drops the call's arrays (and whatever else the fields reference). */
    abstract void clear();
}
