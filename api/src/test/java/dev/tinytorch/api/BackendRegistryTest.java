package dev.tinytorch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Discovery with made-up providers: names, ranking, and a provider that fails never hiding the others. */
class BackendRegistryTest {

    /** A provider whose {@code create()} runs the given factory and counts its calls. */
    static class FakeBackend implements MatrixBackend {
        final String name;
        final int priority;
        final Supplier<MatrixOps> factory;
        final AtomicInteger created = new AtomicInteger();

        FakeBackend(String name, int priority, Supplier<MatrixOps> factory) {
            this.name = name;
            this.priority = priority;
            this.factory = factory;
        }

        FakeBackend(String name, int priority) {
            this(name, priority, () -> fakeOps(name));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public MatrixOps create() {
            created.incrementAndGet();
            return factory.get();
        }
    }

    /** A second provider class, so that a clash of names involves two class names. */
    static final class OtherFakeBackend extends FakeBackend {
        OtherFakeBackend(String name, int priority) {
            super(name, priority);
        }
    }

    /** A backend that knows its name and nothing else: the registry never calls an operation. */
    static MatrixOps fakeOps(String name) {
        return fakeOps(name, DType.FLOAT64);
    }

    /** A backend that knows its name and precision and nothing else. */
    static MatrixOps fakeOps(String name, DType dtype) {
        return (MatrixOps) Proxy.newProxyInstance(MatrixOps.class.getClassLoader(), new Class<?>[] {MatrixOps.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "name":
                        case "toString":
                            return name;
                        case "dtype":
                            return dtype;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** Iterates like a {@link java.util.ServiceLoader}: each element is produced on {@code next()}, and may fail. */
    private static Iterator<MatrixBackend> discovered(List<Supplier<MatrixBackend>> providers) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < providers.size();
            }

            @Override
            public MatrixBackend next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return providers.get(next++).get();
            }
        };
    }

    private static BackendRegistry registry(MatrixBackend... providers) {
        return new BackendRegistry(List.of(providers).iterator());
    }

    private static Supplier<MatrixOps> failing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    @Test
    void namesAreRankedByPriority() {
        BackendRegistry registry = registry(new FakeBackend("low", 1), new FakeBackend("high", 300),
                new FakeBackend("middle", 50));
        assertEquals(List.of("high", "middle", "low"), registry.names());
    }

    @Test
    void anUnknownNameListsTheAvailableOnes() {
        BackendRegistry registry = registry(new FakeBackend("alpha", 1), new FakeBackend("beta", 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("gamma", DType.FLOAT64));
        assertTrue(e.getMessage().contains("'gamma'"), e.getMessage());
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    @Test
    void twoProvidersWithOneNameFailAtDiscoveryNamingBothClasses() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry(new FakeBackend("same", 1), new OtherFakeBackend("same", 2)));
        assertTrue(e.getMessage().contains("'same'"), e.getMessage());
        assertTrue(e.getMessage().contains(FakeBackend.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(OtherFakeBackend.class.getName()), e.getMessage());
    }

    @Test
    void aBackendIsStartedOnceAndHandedOutChecked() {
        FakeBackend provider = new FakeBackend("once", 1);
        BackendRegistry registry = registry(provider);
        MatrixOps first = registry.get("once", DType.FLOAT64);
        assertInstanceOf(CheckedMatrixOps.class, first);
        assertEquals("once", first.name());
        assertSame(first, registry.get("once", DType.FLOAT64));
        assertSame(first, registry.firstThatStarts(DType.FLOAT64));
        assertEquals(1, provider.created.get());
    }

    @Test
    void aBackendThatCannotStartDoesNotHideTheOthers() {
        FakeBackend broken = new FakeBackend("broken", 10, failing(new IllegalStateException("no native library")));
        BackendRegistry registry = registry(broken, new FakeBackend("good", 5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.get("broken", DType.FLOAT64));
        assertTrue(e.getMessage().contains("no native library"), e.getMessage());
        assertTrue(registry.failures().get("broken").contains("no native library"), registry.failures().toString());
        assertEquals("good", registry.get("good", DType.FLOAT64).name());
        assertThrows(IllegalStateException.class, () -> registry.get("broken", DType.FLOAT64));
        assertEquals(1, broken.created.get(), "a failed start is remembered, not retried");
    }

    @Test
    void aLinkageErrorWhenStartingIsRecordedToo() {
        FakeBackend broken = new FakeBackend("native", 10, () -> {
            throw new UnsatisfiedLinkError("libfoo.so not found");
        });
        BackendRegistry registry = registry(broken);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.get("native", DType.FLOAT64));
        assertTrue(e.getMessage().contains("libfoo.so not found"), e.getMessage());
        assertTrue(registry.failures().get("native").contains("UnsatisfiedLinkError"), registry.failures().toString());
    }

    @Test
    void firstThatStartsSkipsAFailingHigherPriorityBackend() {
        BackendRegistry registry = registry(new FakeBackend("fallback", 1),
                new FakeBackend("fast", 100, failing(new UnsupportedOperationException("no AVX"))));
        assertEquals("fallback", registry.firstThatStarts(DType.FLOAT64).name());
        assertTrue(registry.failures().get("fast").contains("no AVX"), registry.failures().toString());
    }

    @Test
    void firstThatStartsListsEveryFailureWhenNoneStarts() {
        BackendRegistry registry = registry(new FakeBackend("a", 2, failing(new IllegalStateException("reason A"))),
                new FakeBackend("b", 1, failing(new IllegalStateException("reason B"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.firstThatStarts(DType.FLOAT64));
        assertTrue(e.getMessage().contains("reason A"), e.getMessage());
        assertTrue(e.getMessage().contains("reason B"), e.getMessage());
    }

    @Test
    void anEmptyClassPathSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry().firstThatStarts(DType.FLOAT64));
        assertTrue(e.getMessage().contains("tinytorch-backend-plain"), e.getMessage());
    }

    @Test
    void aProviderThatCannotBeLoadedIsRecordedNotThrown() {
        BackendRegistry registry = new BackendRegistry(discovered(List.of(
                () -> new FakeBackend("before", 1),
                () -> {
                    throw new ServiceConfigurationError("dev.example.Missing: Provider not found");
                },
                () -> {
                    throw new NoClassDefFoundError("org/example/Native");
                },
                () -> new FakeBackend("after", 2))));
        assertEquals(List.of("after", "before"), registry.names());
        assertEquals(2, registry.failures().size(), registry.failures().toString());
        String failures = registry.failures().values().toString();
        assertTrue(failures.contains("dev.example.Missing"), failures);
        assertTrue(failures.contains("org/example/Native"), failures);
        assertEquals("after", registry.firstThatStarts(DType.FLOAT64).name());
    }

    /** A provider offering float32 too, making each precision's instance on demand. */
    static final class TwoPrecisionBackend extends FakeBackend {
        TwoPrecisionBackend(String name, int priority) {
            super(name, priority);
        }

        @Override
        public java.util.Set<DType> dtypes() {
            return java.util.EnumSet.allOf(DType.class);
        }

        @Override
        public MatrixOps create(DType dtype) {
            created.incrementAndGet();
            return fakeOps(name, dtype);
        }
    }

    @Test
    void eachPrecisionIsItsOwnInstanceStartedOnce() {
        TwoPrecisionBackend both = new TwoPrecisionBackend("both", 1);
        BackendRegistry registry = registry(both);
        MatrixOps f64 = registry.get("both", DType.FLOAT64);
        MatrixOps f32 = registry.get("both", DType.FLOAT32);
        assertEquals(DType.FLOAT64, f64.dtype());
        assertEquals(DType.FLOAT32, f32.dtype());
        assertSame(f32, registry.get("both", DType.FLOAT32));
        assertEquals(2, both.created.get());
    }

    @Test
    void aMissingPrecisionNamesTheBackendsThatHaveIt() {
        BackendRegistry registry = registry(new FakeBackend("only64", 5), new TwoPrecisionBackend("both", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.get("only64", DType.FLOAT32));
        assertTrue(e.getMessage().contains("'only64' has no float32"), e.getMessage());
        assertTrue(e.getMessage().contains("float32 is on: both"), e.getMessage());
        assertEquals("both", registry.firstThatStarts(DType.FLOAT32).name());
        assertEquals("only64", registry.firstThatStarts(DType.FLOAT64).name());
    }

    @Test
    void aBackendThatMakesTheWrongPrecisionDoesNotStart() {
        FakeBackend liar = new FakeBackend("liar", 1) {
            @Override
            public java.util.Set<DType> dtypes() {
                return java.util.EnumSet.allOf(DType.class);
            }

            @Override
            public MatrixOps create(DType dtype) {
                return fakeOps(name, DType.FLOAT64);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry(liar).get("liar", DType.FLOAT32));
        assertTrue(e.getMessage().contains("asked for float32, the backend made float64"), e.getMessage());
    }
}
