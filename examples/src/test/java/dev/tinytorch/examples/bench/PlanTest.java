package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class PlanTest {

    /**
     * The allocation counts follow a training step's warm-up, so the warm-up must run enough steps for C2 to have
     * compiled a loop that a step calls once (LeNet-5's loss on 64x10 logits): until then it runs as C1 code that
     * allocates every vector, and LeNet-5 counted 23,040 bytes a step in float64 when its counts began about 500
     * steps in. A standard compilation needs at least {@code Tier4MinInvocationThreshold} calls (600 by default);
     * half as many again leave room for the compile queue.
     */
    @Test
    void trainingStepsWarmUpForMoreCallsThanC2WaitsFor() {
        long calls = vmOption("Tier4MinInvocationThreshold");
        for (Plan plan : new Plan[] {Plan.full(), Plan.quick()}) {
            assertTrue(plan.trainingSampler().warmupOperations() >= calls * 3 / 2,
                    plan.trainingSampler() + " warms up fewer than " + calls * 3 / 2 + " steps");
        }
    }

    /** The value of a numeric HotSpot option; skips the test on a JVM without it. */
    private static long vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            assumeTrue(vm != null, "not a HotSpot JVM");
            return Long.parseLong(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "this JVM has no option " + name);
            throw e;
        }
    }
}
