package dev.tinytorch.examples.cli;

/**
 * How long {@code tinytorch train} trains, and on how many samples per update, when the user does not say: the
 * defaults must fit a 100-row table as well as a 50,000-row one, so they stop when learning stops rather than
 * after a fixed count, as scikit-learn's {@code MLPClassifier} does (at most 200 epochs, stopping after 10 without
 * an improvement of more than 1e-4), and take the batch size from the number of training rows.
 *
 * <p>Measured in {@code docs/training-defaults.md}: with a fixed 30 epochs of batch 32, a network on a table of
 * 100 to 200 rows was still learning at the last epoch (about 150 updates) and fell short of logistic regression;
 * with these defaults it makes about 15 updates per epoch on such tables and stops 10 epochs after its best one.
 */
final class TrainingDefaults {

    /** The most epochs {@code train} runs when {@code --epochs} is not given. */
    static final int MAX_EPOCHS = 200;
    /** Epochs in a row without a lower validation loss after which {@code train} stops. */
    static final int PATIENCE = 10;
    /** How much lower than the best so far a validation loss must be to count as lower (scikit-learn's tol). */
    static final double MIN_DELTA = 1e-4;
    /** {@link #MIN_DELTA} as the help prints it. */
    static final String MIN_DELTA_TEXT = "1e-4";
    /** Smallest default batch: fewer samples make the steps of a 100-row table too noisy. */
    static final int MIN_BATCH = 8;
    /** Largest default batch, reached from 512 training rows on. */
    static final int MAX_BATCH = 32;
    /** The batch-size rule as the help states it. */
    static final String BATCH_RULE = "a sixteenth of the training rows, at least " + MIN_BATCH + " and at most "
            + MAX_BATCH;

    private TrainingDefaults() {
    }

    /**
     * The batch size for {@code trainingRows} rows: {@code trainingRows / 16} within {@value #MIN_BATCH} to
     * {@value #MAX_BATCH}, so that an epoch has at least 16 updates whenever there are 128 rows or more and a
     * large table gets the usual 32.
     */
    static int batchSize(int trainingRows) {
        return Math.max(MIN_BATCH, Math.min(MAX_BATCH, trainingRows / 16));
    }
}
