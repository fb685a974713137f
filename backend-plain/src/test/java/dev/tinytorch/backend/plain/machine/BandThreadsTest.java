package dev.tinytorch.backend.plain.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link BandThreads}: every band runs once per call, failures reach the caller, concurrent callers both finish. */
class BandThreadsTest {

    private final BandThreads threads = BandThreads.shared();

    @Test
    void usesEveryCoreUnlessToldOtherwise() {
        String setting = System.getProperty(BandThreads.THREADS_PROPERTY, System.getenv(BandThreads.THREADS_ENV));
        assertEquals(BandThreads.threadCount(setting, Runtime.getRuntime().availableProcessors()), threads.threads());
        assertEquals(6, BandThreads.threadCount(null, 6));
        assertEquals(6, BandThreads.threadCount(" ", 6));
        assertEquals(1, BandThreads.threadCount("1", 6));
        assertEquals(3, BandThreads.threadCount(" 3 ", 6));
    }

    @Test
    void ignoresASettingThatIsNotAThreadCount() {
        for (String setting : new String[] {"0", "-2", "two", "1.5", "1025"}) {
            assertEquals(6, BandThreads.threadCount(setting, 6), setting);
        }
    }

    @Test
    void runsEveryBandExactlyOnce() {
        for (int call = 0; call < 1_000; call++) {
            for (int bands = 0; bands <= 40; bands++) {
                assertEachBandRanOnce(bands);
            }
        }
    }

    @Test
    void rethrowsAFailureAndStaysUsable() {
        IllegalStateException failure = new IllegalStateException("band 5");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> threads.run(band -> {
            if (band == 5) {
                throw failure;
            }
        }, 9));
        assertSame(failure, thrown);
        assertEachBandRanOnce(9);
    }

    @Test
    void concurrentCallersBothFinish() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] done = new Future<?>[3];
            for (int i = 0; i < done.length; i++) {
                done[i] = callers.submit(() -> {
                    for (int call = 0; call < 2_000; call++) {
                        assertEachBandRanOnce(1 + call % 17);
                    }
                });
            }
            for (Future<?> caller : done) {
                caller.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private void assertEachBandRanOnce(int bands) {
        AtomicIntegerArray runs = new AtomicIntegerArray(bands);
        threads.run(runs::incrementAndGet, bands);
        for (int band = 0; band < bands; band++) {
            assertEquals(1, runs.get(band), "band " + band + " of " + bands);
        }
    }
}
