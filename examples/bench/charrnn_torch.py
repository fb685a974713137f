#!/usr/bin/python3
"""CharRnn's recipe in PyTorch, printing its lines in CharRnn's format so that the two runs compare line by line.

The model and training are dev.tinytorch.examples.CharRnn's (docs/demos.md): Embedding(65, 64), LSTM(64, 256)
(batch_first, --layers stacks), Linear(256, 65) on every step, cross entropy on the next character at every step;
batches of 64 windows of 100 characters at uniformly random start positions of the first 95 % of the text, fresh
windows every epoch of --steps batches, Adam lr 2e-3, gradients clipped to a total norm of 5 (clip_grad_norm_).
After each epoch: the mean training loss of the epoch's batches and the validation loss over the last 5 % of the
text cut into consecutive non-overlapping windows (every character predicted once), both in nats per character,
the seconds since training started, and a sample from --prime. Training stops after --epochs or when another
epoch would overrun --minutes. The weights and windows come from torch's generator, not CharRnn's, so the figures
agree in distribution, not in bits.

Usage: charrnn_torch.py [TEXT] [--minutes M] [--dtype float64|float32] [--threads N] [...]   (--help lists all)
TEXT defaults to the copy of tiny Shakespeare the examples ship.
"""
import argparse
import os
import time

import torch
from torch import nn

SHIPPED_TEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "dev",
                            "tinytorch", "examples", "data", "tinyshakespeare.txt")
VALIDATION_SHARE = 20  # the last 20th of the text, as CharRnn


class CharModel(nn.Module):
    """CharRnn.network: Embedding, LSTM (batch_first), Linear on every step."""

    def __init__(self, vocabulary, embedding, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding)
        self.lstm = nn.LSTM(embedding, hidden, layers, batch_first=True)
        self.linear = nn.Linear(hidden, vocabulary)

    def forward(self, tokens, state=None):
        out, state = self.lstm(self.embedding(tokens), state)
        return self.linear(out), state


def windows(tokens, starts, steps):
    """Inputs tokens[s .. s+steps-1] and targets tokens[s+1 .. s+steps] for every start s."""
    index = starts[:, None] + torch.arange(steps)[None, :]
    return tokens[index], tokens[index + 1]


def sequence_loss(model, inputs, targets):
    scores, _ = model(inputs)
    return nn.functional.cross_entropy(scores.reshape(-1, scores.shape[-1]), targets.reshape(-1))


@torch.no_grad()
def validation_loss(model, inputs, targets, batch):
    model.eval()
    total = 0.0
    for i in range(0, len(inputs), batch):
        total += sequence_loss(model, inputs[i:i + batch], targets[i:i + batch]).item() * len(inputs[i:i + batch])
    model.train()
    return total / len(inputs)


@torch.no_grad()
def sample(model, chars, prime, length, temperature, generator):
    """prime, then length characters drawn one at a time from the softmax of the last scores over temperature."""
    model.eval()
    index = {c: i for i, c in enumerate(chars)}
    scores, state = model(torch.tensor([[index[c] for c in prime]]))
    text = prime
    for _ in range(length):
        p = torch.softmax(scores[0, -1] / temperature, dim=0)
        token = torch.multinomial(p, 1, generator=generator)
        text += chars[token.item()]
        scores, state = model(token.view(1, 1), state)
    model.train()
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", nargs="?", default=SHIPPED_TEXT, help="the text (default: the shipped copy)")
    parser.add_argument("--minutes", type=float, default=10, help="training time budget (default 10)")
    parser.add_argument("--epochs", type=int, default=1000000, help="most epochs (default: as --minutes allows)")
    parser.add_argument("--steps", type=int, default=100, help="batches per epoch (default 100)")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    parser.add_argument("--threads", type=int, default=0, help="torch's intra-op threads (default: torch's own)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--embedding", type=int, default=64)
    parser.add_argument("--seq-len", type=int, default=100)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--clip", type=float, default=5.0)
    parser.add_argument("--sample-length", type=int, default=200)
    parser.add_argument("--prime", default="ROMEO:")
    parser.add_argument("--temperature", type=float, default=0.8)
    args = parser.parse_args()

    torch.set_default_dtype(getattr(torch, args.dtype))
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    with open(args.text, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = len(tokens) - len(tokens) // VALIDATION_SHARE
    train, held_out = tokens[:split], tokens[split:]
    steps = args.seq_len
    val_inputs, val_targets = windows(held_out, torch.arange((len(held_out) - 1) // steps) * steps, steps)

    model = CharModel(len(chars), args.embedding, args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    window_generator = torch.Generator().manual_seed(args.seed)
    print("backend torch %s %s (%d threads): %d characters (%d train, %d validation), %d distinct; %s; "
          "batches of %d x %d, Adam lr %s, clip %s" % (torch.__version__, args.dtype, torch.get_num_threads(),
                                                       len(tokens), split, len(tokens) - split, len(chars),
                                                       str(model).replace("\n", " ").replace("  ", ""), args.batch,
                                                       steps, args.lr, args.clip), flush=True)

    start = time.perf_counter()
    budget = args.minutes * 60
    last_epoch = 0.0
    for epoch in range(1, args.epochs + 1):
        elapsed = time.perf_counter() - start
        if epoch > 1 and elapsed + last_epoch > budget:
            break
        starts = torch.randint(0, len(train) - steps, (args.steps * args.batch,), generator=window_generator)
        inputs, targets = windows(train, starts, steps)
        total = 0.0
        for b in range(args.steps):
            rows = slice(b * args.batch, (b + 1) * args.batch)
            loss = sequence_loss(model, inputs[rows], targets[rows])
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            total += loss.item()
        val = validation_loss(model, val_inputs, val_targets, 64)
        now = time.perf_counter() - start
        last_epoch = now - elapsed
        print("epoch %3d  step %6d  train %.4f  val %.4f nats/char  %7.1f s"
              % (epoch, epoch * args.steps, total / args.steps, val, now))
        generated = sample(model, chars, args.prime, args.sample_length, args.temperature,
                           torch.Generator().manual_seed(args.seed + epoch))
        print("  " + generated.replace("\n", "\n  "), flush=True)


if __name__ == "__main__":
    main()
