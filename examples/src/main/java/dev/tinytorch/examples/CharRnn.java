package dev.tinytorch.examples;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.examples.cli.BackendOption;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.CharVocabulary;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.TextWindows;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.io.AtomicFiles;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.layers.Embedding;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.TimeDistributed;
import dev.tinytorch.nn.losses.SequenceCrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A character-level language model on tiny Shakespeare (shipped in the examples jar): text as first-class data.
 *
 * <p>The model is char-rnn's: {@code Embedding(65, 64)}, {@code LSTM(64, 256)} (two stacked layers with
 * {@code --layers 2}), {@code Linear(256, 65)} at every step, cross entropy on the next character at every step.
 * Training follows the PyTorch recipe: batches of 64 windows of 100 characters at random positions of the first
 * 95 % of the text (fresh windows every epoch, drawn from {@code --seed}), Adam at lr 2e-3, gradients clipped to a
 * total norm of 5. An epoch is {@code --steps} batches. After each epoch it prints the training loss (mean over the
 * epoch's batches) and the validation loss, both in nats per character, and a sample of generated text. The
 * validation loss is measured on the last 5 % of the text cut into consecutive non-overlapping windows of 100
 * characters, every character predicted once (from the context of its window only). A model of the character
 * frequencies alone scores 3.31.
 *
 * <p>Training stops after {@code --epochs} epochs or when another epoch would not fit in {@code --minutes}, and
 * saves the model with {@link ModelFiles} into {@code --out} ({@code config.json}, {@code model.safetensors}) with
 * the vocabulary in {@value #VOCABULARY} (its characters in token order, UTF-8). {@code --generate --model DIR}
 * writes text from a saved model instead: {@code --length} characters after {@code --prime}, drawn at
 * {@code --temperature} from {@code --seed}. Both run on {@code --backend} (default: {@code -Dtinytorch.backend},
 * {@code TINYTORCH_BACKEND}, else the fastest that starts).
 */
@Command(name = "CharRnn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a character-level LSTM on tiny Shakespeare, or writes text with a saved one.")
public final class CharRnn implements Callable<Integer> {

    /** The file beside the model files holding the vocabulary's characters in token order. */
    public static final String VOCABULARY = "vocabulary.txt";
    /** The shipped text, {@code data/<TEXT>}. */
    static final String TEXT = "tinyshakespeare.txt";
    /** The last {@value}th of the text is the validation part (5 %). */
    static final int VALIDATION_SHARE = 20;

    @Option(names = "--generate", description = "Write text with the model in --model instead of training.")
    boolean generate;
    @Option(names = "--model", paramLabel = "DIR", description = "The saved model --generate reads.")
    Path model;
    @Option(names = "--length", paramLabel = "N", defaultValue = "500",
            description = "Characters --generate writes after the prime (default ${DEFAULT-VALUE}).")
    int length;
    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "ROMEO:",
            description = "The text generation starts from (default ${DEFAULT-VALUE}).")
    String prime;
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
            description = "Sampling temperature, below 1 more conservative (default ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the weights, the windows and the samples (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--minutes", paramLabel = "M", defaultValue = "10",
            description = "Time budget of training, in minutes of wall time (default ${DEFAULT-VALUE}).")
    double minutes;
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1000000",
            description = "Most epochs to train (default: as many as --minutes allows).")
    int epochs;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Batches per epoch (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--layers", paramLabel = "1|2", defaultValue = "1",
            description = "Stacked LSTM layers (default ${DEFAULT-VALUE}).")
    int layers;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "256",
            description = "LSTM hidden units (default ${DEFAULT-VALUE}).")
    int hidden;
    @Option(names = "--embedding", paramLabel = "D", defaultValue = "64",
            description = "Length of each character's vector (default ${DEFAULT-VALUE}).")
    int embedding;
    @Option(names = "--seq-len", paramLabel = "T", defaultValue = "100",
            description = "Characters per training window (default ${DEFAULT-VALUE}).")
    int seqLen;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64",
            description = "Windows per batch (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", paramLabel = "LR", defaultValue = "2e-3",
            description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "5",
            description = "Largest total gradient norm (default ${DEFAULT-VALUE}).")
    double clip;
    @Option(names = "--sample-length", paramLabel = "N", defaultValue = "200",
            description = "Characters of the sample printed after each epoch (default ${DEFAULT-VALUE}).")
    int sampleLength;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/char-rnn",
            description = "Where the trained model is saved (default ${DEFAULT-VALUE}).")
    Path out;
    @Mixin
    BackendOption backend;

    private PrintStream print = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CharRnn()).execute(args));
    }

    /** One epoch's figures: losses in nats per character, seconds since training started. */
    public record Epoch(int epoch, int steps, double trainLoss, double validationLoss, double seconds) {
    }

    @Override
    public Integer call() throws IOException {
        if (generate) {
            if (model == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--generate needs --model DIR");
            }
            print.println(generate(model, backend.resolve(), prime, length, temperature, seed));
        } else {
            train();
        }
        return 0;
    }

    /** Sends the lines to {@code out}. */
    CharRnn printingTo(PrintStream out) {
        this.print = out;
        return this;
    }

    /** The network, its weights drawn from the current {@link Seed}. */
    static List<Layer> network(int vocabulary, int embedding, int hidden, int layers) {
        return List.of(new Embedding(vocabulary, embedding), new LSTM(embedding, hidden, layers, Seed.generator()),
                new TimeDistributed(hidden, new Linear(hidden, vocabulary)));
    }

    /** The shipped text. */
    static String text() {
        try (InputStream in = CharRnn.class.getResourceAsStream("data/" + TEXT)) {
            if (in == null) {
                throw new IllegalStateException("resource data/" + TEXT + " is missing from the examples jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains as the options say, prints each epoch, saves the model; returns the epochs' figures. */
    List<Epoch> train() throws IOException {
        if (layers < 1 || layers > 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--layers must be 1 or 2, got " + layers);
        }
        MatrixOps ops = backend.resolve();
        String text = text();
        CharVocabulary vocabulary = CharVocabulary.of(text);
        int[] tokens = vocabulary.encode(text);
        int split = tokens.length - tokens.length / VALIDATION_SHARE;
        TextWindows train = new TextWindows(Arrays.copyOfRange(tokens, 0, split), seqLen);
        Dataset validation = new TextWindows(Arrays.copyOfRange(tokens, split, tokens.length), seqLen)
                .consecutiveWindows(ops);

        Seed.manualSeed(seed);
        Sequential net = new Sequential(network(vocabulary.size(), embedding, hidden, layers),
                new SequenceCrossEntropyLoss()).to(ops);
        SplittableRandom windowRng = new SplittableRandom(seed);
        Dataset windows = train.randomWindows(ops, steps * batch, windowRng);
        Trainer trainer = new Trainer(net, new Adam(net.parameters(), lr), new DataLoader(windows, batch, false, 0),
                new DataLoader(validation, batch, false, 0), (outputs, predictions, targets) -> Double.NaN);
        trainer.setGradientClipping(clip);
        CharSampler sampler = new CharSampler(net, vocabulary);
        print.printf(Locale.ROOT, "backend %s: %d characters (%d train, %d validation), %d distinct; %s; "
                        + "batches of %d x %d, Adam lr %s, clip %s%n", ops.name(), tokens.length, split,
                tokens.length - split, vocabulary.size(), net.layers(), batch, seqLen, lr, clip);

        List<Epoch> history = new ArrayList<>();
        long start = System.nanoTime();
        double budget = minutes * 60;
        double lastEpoch = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (epoch > 1 && elapsed + lastEpoch > budget) {
                break;
            }
            if (epoch > 1) {
                train.redraw(windows, windowRng);
            }
            double trainLoss = trainer.trainOneEpoch();
            double validationLoss = validationLoss(net, validation);
            double now = (System.nanoTime() - start) / 1e9;
            lastEpoch = now - elapsed;
            Epoch record = new Epoch(epoch, epoch * steps, trainLoss, validationLoss, now);
            history.add(record);
            print.printf(Locale.ROOT, "epoch %3d  step %6d  train %.4f  val %.4f nats/char  %7.1f s%n",
                    epoch, record.steps(), trainLoss, validationLoss, now);
            print.println("  " + sampler.sample(prime, sampleLength, temperature, new SplittableRandom(seed + epoch))
                    .replace("\n", "\n  "));
        }
        save(net, vocabulary, out);
        print.println("saved to " + out);
        return history;
    }

    /** The mean loss per character over {@code windows}, in evaluation mode. */
    static double validationLoss(Sequential net, Dataset windows) {
        net.eval();
        double sum = 0;
        for (Batch b : new DataLoader(windows, 64, false, 0)) {
            sum += net.ops().sum(net.loss(net.forward(b.inputs()), b.targets()));
        }
        net.train();
        return sum / windows.size();
    }

    /** Saves {@code net} with {@link ModelFiles} and the vocabulary beside it, each file written atomically. */
    static void save(Sequential net, CharVocabulary vocabulary, Path directory) throws IOException {
        ModelFiles.save(new SavedModel(net), directory);
        AtomicFiles.write(directory.resolve(VOCABULARY), AtomicFiles.Content.text(vocabulary.chars()));
    }

    /** {@code prime} and {@code length} characters drawn from the model saved in {@code directory}, on {@code ops}. */
    static String generate(Path directory, MatrixOps ops, String prime, int length, double temperature, long seed)
            throws IOException {
        SavedModel saved = ModelFiles.load(directory, ops);
        Path file = directory.resolve(VOCABULARY);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + VOCABULARY + " in " + directory + ": not a model CharRnn saved");
        }
        CharVocabulary vocabulary = CharVocabulary.fromChars(Files.readString(file, StandardCharsets.UTF_8));
        return new CharSampler(saved.model(), vocabulary).sample(prime, length, temperature, new SplittableRandom(seed));
    }
}
