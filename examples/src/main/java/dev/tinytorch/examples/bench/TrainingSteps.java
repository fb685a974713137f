package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import java.util.Iterator;

/**
 * Training steps of a {@link Sequential} over a loader's batches, starting a new epoch whenever one ends: forward,
 * per-sample losses and their sum, backward, update. The task of every training workload.
 */
final class TrainingSteps implements Task {

    private final Sequential model;
    private final Optimizer optimizer;
    private final DataLoader loader;
    private final MatrixOps ops;
    private Iterator<Batch> batches;
    private double lossSum;  // read back so no step's loss is dead code, as a training loop reports it

    TrainingSteps(Sequential model, Optimizer optimizer, DataLoader loader) {
        this.model = model;
        this.optimizer = optimizer;
        this.loader = loader;
        this.ops = model.ops();
        this.batches = loader.iterator();
    }

    @Override
    public void run(int times) {
        for (int i = 0; i < times; i++) {
            if (!batches.hasNext()) {
                batches = loader.iterator();
            }
            Batch batch = batches.next();
            lossSum += ops.sum(model.loss(model.forward(batch.inputs()), batch.targets()));
            model.backward();
            optimizer.step();
        }
        if (Double.isNaN(lossSum)) {
            throw new IllegalStateException("training diverged: the loss is NaN");
        }
    }
}
