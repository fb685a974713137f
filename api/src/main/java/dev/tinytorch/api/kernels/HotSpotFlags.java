package dev.tinytorch.api.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;

/**
 * HotSpot's flags by name, read through {@code com.sun.management.HotSpotDiagnosticMXBean} by reflection, so that a
 * JVM without that module, or another JVM than HotSpot, still runs: kernels use them to choose code the JIT
 * compiles to instructions (fused multiply-add, vector width) over code it would emulate. Not an API for users.
 */
public final class HotSpotFlags {

    private static final String BEAN = "com.sun.management.HotSpotDiagnosticMXBean";
    private static final PlatformManagedObject DIAGNOSTICS;
    private static final Method GET_VM_OPTION;

    static {
        PlatformManagedObject bean = null;
        Method getVmOption = null;
        try {
            Class<? extends PlatformManagedObject> type = Class.forName(BEAN).asSubclass(PlatformManagedObject.class);
            bean = ManagementFactory.getPlatformMXBean(type);
            getVmOption = type.getMethod("getVMOption", String.class);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            bean = null;  // no jdk.management module, or not HotSpot
        }
        DIAGNOSTICS = bean;
        GET_VM_OPTION = getVmOption;
    }

    private HotSpotFlags() {
    }

    /** The value of flag {@code name}, or {@code null} for one this JVM does not have or will not show. */
    public static String get(String name) {
        if (DIAGNOSTICS == null) {
            return null;
        }
        try {
            Object option = GET_VM_OPTION.invoke(DIAGNOSTICS, name);
            return (String) option.getClass().getMethod("getValue").invoke(option);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;  // IllegalArgumentException, wrapped: no such flag
        }
    }

    /**
     * Whether {@link Math#fma} is one instruction here: HotSpot's {@code UseFMA}, taken as on where it cannot be read.
     * Where it is off (an old processor, {@code -XX:UseAVX=0}) Math.fma runs in software, about a microsecond a call.
     */
    public static boolean fmaInstruction() {
        return !"false".equals(get("UseFMA"));
    }
}
