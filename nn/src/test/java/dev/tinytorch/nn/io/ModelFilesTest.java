package dev.tinytorch.nn.io;

import static dev.tinytorch.nn.io.RoundTrip.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Dropout;
import dev.tinytorch.nn.layers.LeakyReLU;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.losses.BCEWithLogits;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.losses.MSELoss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private final MatrixOps ops = Backends.getDefault();
    private final Random rng = new Random(7);

    @TempDir
    Path dir;

    private Sequential network() {
        return new Sequential(List.of(new Linear(3, 4, rng), new ReLU(), new Linear(4, 1, rng), new Sigmoid()),
                new BinaryCrossEntropy());
    }

    /** A network with non-zero biases, standardised inputs and a described task. */
    private SavedModel trained() {
        Sequential model = network();
        for (Parameter p : model.parameters()) {
            ops.fillUniform(p.value(), -2, 2, rng);
        }
        Standardizer standardizer = Standardizer.fit(ops, Fixtures.uniform(ops, 20, 3, -5, 5, rng));
        return new SavedModel(model).withStandardizer(standardizer)
                .withTask(new Task(Task.Kind.BINARY, "label", List.of("a", "b", "c"), List.of(2.0, 4.0)));
    }

    private String config() throws IOException {
        return Files.readString(dir.resolve(ModelFiles.CONFIG));
    }

    private void editConfig(String from, String to) throws IOException {
        String text = config();
        assertTrue(text.contains(from), from + " not in " + text);
        Files.writeString(dir.resolve(ModelFiles.CONFIG), text.replace(from, to));
    }

    private String loadFailure(String... expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(dir, ops));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void aRoundTripPredictsIdenticallyOnThisBackend() throws IOException {
        SavedModel saved = trained();
        Matrix x = Fixtures.uniform(ops, 9, 3, -5, 5, rng);
        long[] before = bits(ops, saved.predict(x));

        ModelFiles.save(saved, dir);
        SavedModel loaded = ModelFiles.load(dir);

        assertSame(ops, loaded.model().ops());
        assertArrayEquals(before, bits(ops, loaded.predict(x)));
        assertEquals(saved.task(), loaded.task());
        Standardizer s = saved.standardizer().orElseThrow();
        Standardizer t = loaded.standardizer().orElseThrow();
        assertArrayEquals(s.mean(), t.mean());
        assertArrayEquals(s.std(), t.std());
        assertArrayEquals(s.scale(), t.scale());
        assertEquals(saved.model().toString(), loaded.model().toString());
    }

    @Test
    void loadingOntoEachBackendRestoresEveryWeightBitForBit() throws IOException {
        SavedModel saved = trained();
        ModelFiles.save(saved, dir);
        for (String name : Backends.available()) {
            MatrixOps target = Backends.get(name);
            List<Parameter> loaded = ModelFiles.load(dir, target).model().parameters();
            List<Parameter> original = saved.model().parameters();
            assertEquals(original.size(), loaded.size());
            for (int i = 0; i < original.size(); i++) {
                assertSame(target, loaded.get(i).ops());
                assertArrayEquals(bits(ops, original.get(i).value()), bits(target, loaded.get(i).value()),
                        name + ": " + original.get(i));
            }
        }
    }

    @Test
    void theWeightsAreNamedAndShapedAsPyTorchsSequentialStateDict() throws IOException {
        Sequential model = network();
        ModelFiles.save(model, dir);
        Path file = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(file), file);

        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(tensors.keySet()));
        assertArrayEquals(new long[] {4, 3}, tensors.get("0.weight").shape(), "[out, in]");
        assertArrayEquals(new long[] {4}, tensors.get("0.bias").shape());
        assertArrayEquals(new long[] {1, 4}, tensors.get("2.weight").shape());
        assertArrayEquals(new long[] {1}, tensors.get("2.bias").shape());
        Matrix w = model.layers().get(0).parameters().get(0).value();  // 3 x 4, in x out
        double[] torchW = tensors.get("0.weight").data();
        for (int in = 0; in < 3; in++) {
            for (int out = 0; out < 4; out++) {
                assertEquals(ops.get(w, in, out), torchW[out * 3 + in], "W[" + in + "][" + out + "]");
            }
        }
    }

    @Test
    void theConfigurationDescribesTheModelForPeopleAndPython() throws IOException {
        ModelFiles.save(trained(), dir);
        String config = config();
        for (String part : List.of("\"format\" : \"tinytorch-model\"", "\"format_version\" : 1",
                "\"library_version\" : \"" + ModelFiles.libraryVersion() + "\"",
                "\"type\" : \"Linear\"", "\"in_features\" : 3", "\"out_features\" : 4", "\"type\" : \"ReLU\"",
                "\"type\" : \"Sigmoid\"", "\"type\" : \"BinaryCrossEntropy\"", "\"type\" : \"Standardizer\"",
                "\"kind\" : \"binary\"", "\"target\" : \"label\"", "\"features\" : [ \"a\", \"b\", \"c\" ]",
                "\"classes\" : [ 2.0, 4.0 ]", "\"weights_sha256\" : \"")) {
            assertTrue(config.contains(part), part + " not in " + config);
        }
        assertFalse(ModelFiles.libraryVersion().contains("${"), "the version is filled in by the build");
    }

    @Test
    void everyBuiltInLayerAndLossRoundTrips() throws IOException {
        List<Supplier<Loss>> losses = List.of(BinaryCrossEntropy::new, BCEWithLogits::new, CrossEntropyLoss::new,
                MSELoss::new);
        Matrix x = Fixtures.uniform(ops, 6, 3, -2, 2, rng);
        for (Supplier<Loss> loss : losses) {
            Sequential model = new Sequential(List.of(new Linear(3, 5, rng), new Tanh(), new LeakyReLU(0.2),
                    new Dropout(0.3), new Linear(5, 4, rng), new ReLU(), new Linear(4, 3, rng), new Sigmoid(),
                    new Softmax()), loss.get());
            SavedModel saved = new SavedModel(model);
            long[] before = bits(ops, saved.predict(x));
            ModelFiles.save(saved, dir);
            SavedModel loaded = ModelFiles.load(dir, ops);
            assertEquals(model.toString(), loaded.model().toString());
            assertEquals(0.2, ((LeakyReLU) loaded.model().layers().get(2)).slope());
            assertEquals(0.3, ((Dropout) loaded.model().layers().get(3)).p());
            assertArrayEquals(before, bits(ops, loaded.predict(x)), model.toString());
        }
        assertTrue(config().contains("\"negative_slope\" : 0.2"), config());
        assertTrue(config().contains("\"dim\" : 1"), config());
        editConfig("\"dim\" : 1", "\"dim\" : 0");
        loadFailure("layers[8] (Softmax) cannot be built", "over dim 1", "got dim 0");
    }

    /** Linear, BatchNorm1d, ReLU, Linear, with gamma and beta set and running statistics from three batches. */
    private Sequential batchNormNetwork() {
        BatchNorm1d bn = new BatchNorm1d(4, 1e-3, 0.2);
        Sequential model = new Sequential(List.of(new Linear(3, 4, rng), bn, new ReLU(), new Linear(4, 2, rng)),
                new MSELoss());
        for (Parameter p : model.parameters()) {
            ops.fillUniform(p.value(), -2, 2, rng);
        }
        for (int i = 0; i < 3; i++) {
            model.forward(Fixtures.uniform(ops, 5, 3, -2, 2, rng));
        }
        return model;
    }

    @Test
    void batchNormSavesItsRunningStatisticsUnderPyTorchsNamesAndLoadsThemBack() throws IOException {
        Sequential model = batchNormNetwork();
        BatchNorm1d bn = (BatchNorm1d) model.layers().get(1);
        SavedModel saved = new SavedModel(model);
        Matrix x = Fixtures.uniform(ops, 6, 3, -2, 2, rng);
        long[] before = bits(ops, saved.predict(x));
        ModelFiles.save(saved, dir);

        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(weights), weights);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(tensors.keySet()));
        for (String name : List.of("1.weight", "1.bias", "1.running_mean", "1.running_var")) {
            assertArrayEquals(new long[] {4}, tensors.get(name).shape(), name);
            assertEquals(Tensor.DType.F64, tensors.get(name).dtype(), name);
        }
        Tensor tracked = tensors.get("1.num_batches_tracked");
        assertEquals(Tensor.DType.I64, tracked.dtype());
        assertArrayEquals(new long[0], tracked.shape(), "a 0-dimensional tensor, as PyTorch's");
        assertArrayEquals(new long[] {3}, tracked.longs());
        assertArrayEquals(bn.runningMean(), tensors.get("1.running_mean").data());
        assertArrayEquals(bn.runningVar(), tensors.get("1.running_var").data());
        for (String part : List.of("\"type\" : \"BatchNorm1d\"", "\"num_features\" : 4", "\"eps\" : 0.001",
                "\"momentum\" : 0.2")) {
            assertTrue(config().contains(part), part + " not in " + config());
        }

        for (String name : Backends.available()) {
            MatrixOps target = Backends.get(name);
            SavedModel loaded = ModelFiles.load(dir, target);
            BatchNorm1d restored = (BatchNorm1d) loaded.model().layers().get(1);
            assertArrayEquals(bn.runningMean(), restored.runningMean(), name);
            assertArrayEquals(bn.runningVar(), restored.runningVar(), name);
            assertEquals(3, restored.numBatchesTracked(), name);
            assertEquals(1e-3, restored.eps());
            assertEquals(0.2, restored.momentum());
            assertTrue(restored.isTraining(), "a loaded model starts in training mode, as a PyTorch module");
            if (target == ops) {
                assertArrayEquals(before, bits(ops, loaded.predict(x)), "evaluation uses the restored statistics");
            }
        }
    }

    @Test
    void batchNorm2dSavesItsChannelStatisticsUnderPyTorchsNamesAndLoadsThemBackOnEveryBackend() throws IOException {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-4, 0.3);  // 2 channels of 2x2 pixels
        Sequential model = new Sequential(List.of(new Linear(3, 8, rng), bn, new ReLU(), new Linear(8, 2, rng)),
                new MSELoss());
        for (Parameter p : model.parameters()) {
            ops.fillUniform(p.value(), -2, 2, rng);
        }
        for (int i = 0; i < 4; i++) {
            model.forward(Fixtures.uniform(ops, 3, 3, -2, 2, rng));
        }
        SavedModel saved = new SavedModel(model);
        Matrix x = Fixtures.uniform(ops, 5, 3, -2, 2, rng);
        long[] before = bits(ops, saved.predict(x));
        ModelFiles.save(saved, dir);

        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(weights), weights);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), List.copyOf(tensors.keySet()));
        for (String name : List.of("1.weight", "1.bias", "1.running_mean", "1.running_var")) {
            assertArrayEquals(new long[] {2}, tensors.get(name).shape(), name);
        }
        assertEquals(Tensor.DType.I64, tensors.get("1.num_batches_tracked").dtype());
        assertArrayEquals(new long[] {4}, tensors.get("1.num_batches_tracked").longs());
        for (String part : List.of("\"type\" : \"BatchNorm2d\"", "\"num_features\" : 2", "\"eps\" : 1.0E-4",
                "\"momentum\" : 0.3")) {
            assertTrue(config().contains(part), part + " not in " + config());
        }

        for (String name : Backends.available()) {
            MatrixOps target = Backends.get(name);
            SavedModel loaded = ModelFiles.load(dir, target);
            BatchNorm2d restored = (BatchNorm2d) loaded.model().layers().get(1);
            assertArrayEquals(bn.runningMean(), restored.runningMean(), name);
            assertArrayEquals(bn.runningVar(), restored.runningVar(), name);
            assertEquals(4, restored.numBatchesTracked(), name);
            assertEquals(1e-4, restored.eps());
            assertEquals(0.3, restored.momentum());
            assertArrayEquals(ops.toRowMajor(bn.parameters().get(0).value()),
                    target.toRowMajor(restored.parameters().get(0).value()), name);
            double[] expected = ops.toRowMajor(saved.predict(x));
            double[] actual = target.toRowMajor(loaded.predict(target.fromRowMajor(5, 3, ops.toRowMajor(x))));
            assertArrayEquals(expected, actual, 1e-12, name + ": evaluation uses the restored statistics");
            if (target == ops) {
                assertArrayEquals(before, bits(ops, loaded.predict(x)), name);
            }
        }
    }

    @Test
    void batchNormBuffersOfTheWrongDtypeShapeOrValueAreRefused() throws IOException {
        ModelFiles.save(new SavedModel(batchNormNetwork()), dir);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        rewriteWeights(tensors -> tensors.put("1.num_batches_tracked", new Tensor(new long[0], new double[] {3})));
        loadFailure(weights + ": tensor \"1.num_batches_tracked\" has dtype F64 but layer 1 (BatchNorm1d(4)) needs I64");
        rewriteWeights(tensors -> tensors.put("1.num_batches_tracked", Tensor.ofLongs(new long[] {1}, new long[] {3})));
        loadFailure("tensor \"1.num_batches_tracked\" has shape [1] but layer 1 (BatchNorm1d(4)) needs []");
        rewriteWeights(tensors -> tensors.put("1.num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {-1})));
        loadFailure("the buffers of layer 1 (BatchNorm1d(4)) cannot be restored", "num_batches_tracked cannot be"
                + " negative");
        rewriteWeights(tensors -> {
            tensors.put("1.num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {3}));
            tensors.get("1.running_var").data()[2] = -0.5;
        });
        loadFailure("the buffers of layer 1 (BatchNorm1d(4)) cannot be restored", "running_var holds -0.5");
        rewriteWeights(tensors -> tensors.remove("1.running_var"));
        loadFailure("no tensor \"1.running_var\" for layer 1 (BatchNorm1d(4))");
        rewriteWeights(tensors -> tensors.put("1.weight", Tensor.ofLongs(new long[] {4}, new long[4])));
        loadFailure("tensor \"1.weight\" has dtype I64 but layer 1", "needs F64");
    }

    @Test
    void aBareModelHasNeitherPreprocessingNorTask() throws IOException {
        ModelFiles.save(network(), dir);
        SavedModel loaded = ModelFiles.load(dir, ops);
        assertTrue(loaded.standardizer().isEmpty());
        assertTrue(loaded.task().isEmpty());
        assertFalse(config().contains("preprocessing"));
    }

    @Test
    void savingAgainReplacesTheModelAndLeavesNoTemporaryFile() throws IOException {
        ModelFiles.save(network(), dir);
        SavedModel second = trained();
        ModelFiles.save(second, dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(ModelFiles.CONFIG, ModelFiles.WEIGHTS),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(ModelFiles.load(dir, ops).task().isPresent());
    }

    @Test
    void aFailedSaveLeavesTheGoodModelInPlace() throws IOException {
        SavedModel good = trained();
        ModelFiles.save(good, dir);
        byte[] config = Files.readAllBytes(dir.resolve(ModelFiles.CONFIG));
        byte[] weights = Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS));

        Sequential unsaveable = new Sequential(List.of(new Linear(3, 1, rng), new Unregistered()),
                new BinaryCrossEntropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.save(unsaveable, dir));
        assertTrue(e.getMessage().contains(Unregistered.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("withLayer"), e.getMessage());

        assertArrayEquals(config, Files.readAllBytes(dir.resolve(ModelFiles.CONFIG)));
        assertArrayEquals(weights, Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS)));
        ModelFiles.load(dir, ops);
    }

    @Test
    void aCustomLayerRoundTripsOnceRegistered() throws IOException {
        Components components = Components.builtIn().withLayer(
                ComponentType.of("Scale", Scale.class, s -> Map.of("factor", s.factor),
                        args -> new Scale(args.number("factor"))));
        Sequential model = new Sequential(List.of(new Linear(3, 2, rng), new Scale(2.5)), new BinaryCrossEntropy());
        ModelFiles.save(new SavedModel(model), dir, components);
        assertTrue(config().contains("\"factor\" : 2.5"), config());

        Sequential loaded = ModelFiles.load(dir, ops, components).model();
        assertEquals(2.5, ((Scale) loaded.layers().get(1)).factor);
        loadFailure("layers[1].type \"Scale\" is not a layer type", "Linear, ReLU, Sigmoid");
    }

    @Test
    void aMissingDirectoryOrFileIsNamed() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(nowhere, ops));
        assertTrue(e.getMessage().startsWith(nowhere + ": no such directory"), e.getMessage());

        ModelFiles.save(network(), dir);
        Files.delete(dir.resolve(ModelFiles.WEIGHTS));
        loadFailure(dir.resolve(ModelFiles.WEIGHTS) + ": missing");
        Files.delete(dir.resolve(ModelFiles.CONFIG));
        loadFailure(dir.resolve(ModelFiles.CONFIG) + ": missing");
    }

    @Test
    void truncatedWeightsAreReportedNotIndexedPast() throws IOException {
        ModelFiles.save(trained(), dir);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, 5));
        loadFailure(weights + ": truncated: 5 bytes");
        Files.write(weights, Arrays.copyOf(bytes, 100));
        loadFailure(weights + ": truncated or not a safetensors file: the header length is");
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 1));
        loadFailure(weights + ": tensor \"2.bias\" data_offsets");
    }

    @Test
    void corruptedWeightsAreReported() throws IOException {
        ModelFiles.save(trained(), dir);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        String header = new String(bytes, StandardCharsets.ISO_8859_1);

        Files.write(weights, header.replaceFirst("\"F64\"", "\"F16\"").getBytes(StandardCharsets.ISO_8859_1));
        loadFailure(weights + ": tensor \"0.weight\" has dtype F16; tinytorch reads F64 (float64), F32 (float32)");
        Files.write(weights, header.replaceFirst("\\[4,3]", "[4,4]").getBytes(StandardCharsets.ISO_8859_1));
        loadFailure("shape [4, 4] of F64 needs 128 bytes but data_offsets [0, 96] hold 96");
        Files.write(weights, header.replaceFirst("\"shape\"", "\"shape\"}").getBytes(StandardCharsets.ISO_8859_1));
        loadFailure(weights + ": the header is not valid JSON (line 1, column");

        byte[] flipped = bytes.clone();
        flipped[flipped.length - 3] ^= 0x40;  // a weight changed, the structure intact
        Files.write(weights, flipped);
        loadFailure(weights + ": its SHA-256 is", "not from the same save");
    }

    @Test
    void weightsOfAnotherArchitectureNameTheMissingOrMisfitTensor() throws IOException {
        ModelFiles.save(new Sequential(List.of(new Linear(3, 4, rng), new Sigmoid()), new BinaryCrossEntropy()), dir);
        byte[] oneLayer = Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS));
        ModelFiles.save(network(), dir);
        Files.write(dir.resolve(ModelFiles.WEIGHTS), oneLayer);
        loadFailure("no tensor \"2.weight\" for layer 2 (Linear {in_features=4, out_features=1}), which needs shape"
                + " [1, 4]",
                "the file holds [0.weight, 0.bias]");

        ModelFiles.save(new Sequential(List.of(new Linear(3, 5, rng), new ReLU(), new Linear(5, 1, rng),
                new Sigmoid()), new BinaryCrossEntropy()), dir.resolve("other"));
        Files.copy(dir.resolve("other").resolve(ModelFiles.WEIGHTS), dir.resolve(ModelFiles.WEIGHTS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        loadFailure("tensor \"0.weight\" has shape [5, 3] but layer 0 (Linear {in_features=3, out_features=4}) needs"
                + " [4, 3]");
    }

    @Test
    void anExtraTensorIsReported() throws IOException {
        ModelFiles.save(network(), dir);
        byte[] twoLinears = Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS));
        ModelFiles.save(new Sequential(List.of(new Linear(3, 4, rng), new ReLU()), new BinaryCrossEntropy()), dir);
        Files.write(dir.resolve(ModelFiles.WEIGHTS), twoLinears);
        loadFailure("tensors [2.weight, 2.bias] belong to no parameter");
    }

    @Test
    void aConfigurationOfAnotherVersionOrFormatSaysSo() throws IOException {
        ModelFiles.save(network(), dir);
        editConfig("\"format_version\" : 1", "\"format_version\" : 2");
        loadFailure(dir.resolve(ModelFiles.CONFIG) + ": format_version 2 is not supported", "reads version 1",
                "saved by tinytorch " + ModelFiles.libraryVersion());
        editConfig("\"format_version\" : 2", "\"format_version\" : \"1\"");
        loadFailure("format_version must be a whole number");
        editConfig("tinytorch-model", "keras");
        loadFailure("not a tinytorch model: \"format\" is keras");
    }

    @Test
    void anInvalidOrIncompleteConfigurationNamesTheField() throws IOException {
        ModelFiles.save(trained(), dir);
        String good = config();
        editConfig("\"layers\" : [", "\"layers\" : [,");
        loadFailure(dir.resolve(ModelFiles.CONFIG) + ": the content is not valid JSON (line");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"loss\"", "\"lost\"");
        loadFailure("the top level has no \"loss\"");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"kind\" : \"binary\"", "\"kind\" : \"ordinal\"");
        loadFailure("task is not a valid task: unknown task 'ordinal'");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"features\" : [ \"a\", \"b\", \"c\" ]", "\"features\" : [ \"a\", \"b\" ]");
        loadFailure("the standardizer has 3 columns but the task names 2 features");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), "");
        loadFailure("the content is empty");
    }

    @Test
    void anUnknownLayerTypeOrHyperParameterIsReported() throws IOException {
        ModelFiles.save(network(), dir);
        String good = config();
        editConfig("\"type\" : \"ReLU\"", "\"type\" : \"GELU\"");
        loadFailure("layers[1].type \"GELU\" is not a layer type this tinytorch knows (Linear, ReLU, Sigmoid");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"type\" : \"BinaryCrossEntropy\"", "\"type\" : \"Hinge\"");
        loadFailure("loss.type \"Hinge\" is not a loss type");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"in_features\" : 3", "\"in_features\" : 3, \"bias\" : false");
        loadFailure("layers[0].args has [bias], which Linear does not take");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"in_features\" : 3", "\"in_features\" : 0");
        loadFailure("layers[0] (Linear) cannot be built from args", "Linear needs positive sizes");
        Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
        editConfig("\"in_features\" : 3", "\"in_features\" : 3.5");
        loadFailure("hyper-parameter 'in_features' must be a whole number, got 3.5");
    }

    @Test
    void nonFiniteWeightsAreNeverSavedAndTheGoodModelStays() throws IOException {
        ModelFiles.save(trained(), dir);
        byte[] config = Files.readAllBytes(dir.resolve(ModelFiles.CONFIG));
        byte[] weights = Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            SavedModel poisoned = trained();
            Parameter bias = poisoned.model().parameters().get(3);
            ops.setRowMajor(bias.value(), new double[] {bad});

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFiles.save(poisoned, dir));

            assertEquals("cannot save the model to " + dir + ": tensor \"2.bias\" holds " + bad + " (element 0 of"
                    + " its 1); a model whose weights are not finite predicts nothing (did training diverge?)",
                    e.getMessage());
            assertArrayEquals(config, Files.readAllBytes(dir.resolve(ModelFiles.CONFIG)));
            assertArrayEquals(weights, Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS)));
        }
    }

    @Test
    void nonFiniteStatisticsAreNeverSaved() throws IOException {
        ModelFiles.save(trained(), dir);
        byte[] config = Files.readAllBytes(dir.resolve(ModelFiles.CONFIG));
        Standardizer fitted = Standardizer.fit(ops, ops.fromArray(new double[][] {{1, 2, 3}, {2, 3, 4}}));
        // Standardizer.of and fit refuse non-finite statistics, so only a hand-made configuration could hold one
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.write(new ModelConfig("0", dev.tinytorch.api.DType.FLOAT64, null, List.of(), new ModelConfig.Component("MSELoss", Map.of()),
                        new ModelConfig.Statistics(fitted.mean(), new double[] {1, Double.NaN, 1},
                                fitted.scale()), null, "")));
        assertEquals("cannot save the preprocessing: the std of column 1 is NaN, not a finite number", e.getMessage());
        assertArrayEquals(config, Files.readAllBytes(dir.resolve(ModelFiles.CONFIG)));
    }

    /** Writes {@code value} over element {@code index} of tensor {@code name}, and the new SHA-256 into the config. */
    private void poison(String name, int index, double value) throws IOException {
        rewriteWeights(tensors -> tensors.get(name).data()[index] = value);
    }

    /** Applies {@code edit} to the saved tensors and writes them back, with their new SHA-256 into the config. */
    private void rewriteWeights(Consumer<Map<String, Tensor>> edit) throws IOException {
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(weights), weights);
        edit.accept(tensors);
        byte[] bytes = SafeTensors.encode(tensors, Map.of());
        String sha = HexFormat.of().formatHex(sha256(bytes));
        Files.writeString(dir.resolve(ModelFiles.CONFIG),
                config().replaceFirst("\"weights_sha256\" : \"[0-9a-f]+\"", "\"weights_sha256\" : \"" + sha + "\""));
        Files.write(weights, bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedOnLoadNamingTheTensor() throws IOException {
        ModelFiles.save(trained(), dir);
        poison("0.weight", 5, Double.NEGATIVE_INFINITY);
        loadFailure(dir.resolve(ModelFiles.WEIGHTS) + ": tensor \"0.weight\" holds -Infinity (element 5 of its 12);"
                + " a model whose weights are not finite predicts nothing: train it again");
        poison("0.weight", 5, 0.5);
        ModelFiles.load(dir, ops);
    }

    @Test
    void aHugeLayerInTheConfigurationIsRefusedBeforeItIsAllocated() throws IOException {
        ModelFiles.save(trained(), dir);
        String good = config();
        // 46000 x 46000 doubles would need 17 GB; 50000 x 50000 elements do not even fit an int
        for (int size : new int[] {46_000, 50_000}) {
            Files.writeString(dir.resolve(ModelFiles.CONFIG), good);
            editConfig("\"in_features\" : 3", "\"in_features\" : " + size);
            editConfig("\"out_features\" : 4", "\"out_features\" : " + size);
            loadFailure(dir.resolve(ModelFiles.WEIGHTS) + ": tensor \"0.weight\" has shape [4, 3] but layer 0"
                    + " (Linear {in_features=" + size + ", out_features=" + size + "}) needs [" + size + ", " + size
                    + "]");
        }
    }

    @Test
    void aTaskTheNetworkDoesNotFitIsRefused() throws IOException {
        ModelFiles.save(trained(), dir);
        editConfig("\"kind\" : \"binary\"", "\"kind\" : \"multiclass\"");
        loadFailure(dir.resolve(ModelFiles.CONFIG) + ": task.kind is multiclass but the network outputs 1 values per"
                + " sample; a multiclass model outputs one score per class, and the task has 2 classes [2.0, 4.0]");

        Sequential wide = new Sequential(List.of(new Linear(3, 2, rng)), new CrossEntropyLoss());
        ModelFiles.save(new SavedModel(wide).withTask(new Task(Task.Kind.BINARY, "y", List.of("a", "b", "c"),
                List.of(0.0, 1.0))), dir);
        loadFailure("task.kind is binary but the network outputs 2 values per sample; a binary model outputs one"
                + " value, the probability of class 1.0");

        Sequential narrow = new Sequential(List.of(new Linear(2, 1, rng)), new MSELoss());
        ModelFiles.save(new SavedModel(narrow).withTask(new Task(Task.Kind.REGRESSION, "y", List.of("a", "b", "c"),
                List.of())), dir);
        loadFailure(dir.resolve(ModelFiles.CONFIG) + ": task.features names 3 input columns but the network");
    }

    @Test
    void devicesAndDirectoriesAsModelFilesAreRefusedWithoutReadingThemWhole() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "a platform with /dev/zero");
        ModelFiles.save(trained(), dir);
        Path config = dir.resolve(ModelFiles.CONFIG);
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        byte[] goodConfig = Files.readAllBytes(config);

        Files.delete(weights);
        Files.createSymbolicLink(weights, zero);
        loadFailure(weights + ": not a safetensors file: the header must be a JSON object starting with '{'");

        Files.delete(config);
        Files.createSymbolicLink(config, zero);
        loadFailure(config + ": longer than the 33554432 bytes (32 MiB) a config.json may have");

        Files.delete(config);
        Files.createDirectory(config);
        loadFailure(config + ": is a directory");
        Files.delete(config);
        Files.write(config, goodConfig);
        Files.delete(weights);
        Files.createDirectory(weights);
        loadFailure(weights + ": is a directory");
    }

    /** A layer no registry knows. */
    private static final class Unregistered extends Passthrough {
    }

    /** A test layer with one hyper-parameter, {@code factor} (what it computes does not matter here). */
    private static final class Scale extends Passthrough {
        final double factor;

        Scale(double factor) {
            this.factor = factor;
        }
    }

    /** The identity, as a base for the test layers above. */
    private abstract static class Passthrough implements Layer {
        @Override
        public Matrix forward(Matrix x) {
            return x;
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            return gradOutput;
        }

        @Override
        public void to(MatrixOps target) {
        }
    }
}
