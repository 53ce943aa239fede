"""The atomic GPT with decorator_value, inline_softmax and helper_adam together (technique: combined).

On top of the three techniques, small golfs that keep exact arithmetic: the parameter
matrices drawn by one dict comprehension over their shapes, `linear` as a lambda over
`map(operator.mul, ...)`, and assignments merged into tuples.

What it keeps to stay bit-identical with original.py: everything the three techniques
keep (see their docstrings), plus
- the matrices are drawn in the original's order (wte, wpe, lm_head, then per layer
  attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2), row by row: a dict comprehension
  evaluates its items in order;
- `linear` multiplies `wi * xi` (weight first: the node's children keep their order, so
  the backward walk visits the same nodes in the same order) and sums with `sum` from 0;
- merged assignments only group values that do not depend on each other.
"""

import math
import operator
import os
import random

random.seed(42)  # before any other use of the random stream

if not os.path.exists("input.txt"):
    raise SystemExit("error: input.txt not found in the working directory (one document per line)")
with open("input.txt") as f:
    docs = [line.strip() for line in f if line.strip()]
random.shuffle(docs)
print(f"num docs: {len(docs)}")
uchars = sorted(set("".join(docs)))  # token id of a character = its index here
BOS, vocab_size = len(uchars), len(uchars) + 1  # one extra token marks both ends of a document
print(f"vocab size: {vocab_size}")


def _operation(forward, local_grads, operand=True):
    """A `Value` method computing `forward` of the data, with `local_grads` giving d(result)/d(child)."""

    def method(self, *other):
        if other and operand:  # a plain number becomes a `Value`, the second child
            other = other[0] if isinstance(other[0], Value) else Value(other[0])
            return Value(forward(self.data, other.data), (self, other), local_grads(self.data, other.data))
        return Value(forward(self.data, *other), (self,), local_grads(self.data, *other))

    return method


class Value:
    """A scalar node of the computation graph, with the gradient of the root with respect to it."""

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data, children=(), local_grads=()):
        self.data, self.grad, self._children, self._local_grads = data, 0, children, local_grads

    __add__ = __radd__ = _operation(operator.add, lambda x, y: (1, 1))
    __mul__ = __rmul__ = _operation(operator.mul, lambda x, y: (y, x))
    __pow__ = _operation(operator.pow, lambda x, k: (k * x ** (k - 1),), operand=False)
    log = _operation(math.log, lambda x: (1 / x,))
    exp = _operation(math.exp, lambda x: (math.exp(x),))
    relu = _operation(lambda x: max(0, x), lambda x: (float(x > 0),))
    # Compositions, as in the original: direct division or subtraction would round or walk differently.
    __neg__ = lambda self: self * -1
    __sub__ = lambda self, other: self + (-other)
    __rsub__ = lambda self, other: other + (-self)
    __truediv__ = lambda self, other: self * other**-1
    __rtruediv__ = lambda self, other: other * self**-1

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):  # post-order: every node after all of its children
            if v not in visited:
                visited.add(v)
                for child in v._children:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local_grad in zip(v._children, v._local_grads):
                child.grad += local_grad * v.grad


n_layer, n_embd, block_size, n_head = 1, 16, 16, 4
head_dim = n_embd // n_head
shapes = {"wte": (vocab_size, n_embd), "wpe": (block_size, n_embd), "lm_head": (vocab_size, n_embd)}
for i in range(n_layer):
    shapes |= {f"layer{i}.attn_w{w}": (n_embd, n_embd) for w in "qkvo"}
    shapes |= {f"layer{i}.mlp_fc1": (4 * n_embd, n_embd), f"layer{i}.mlp_fc2": (n_embd, 4 * n_embd)}
state_dict = {
    name: [[Value(random.gauss(0, 0.08)) for _ in range(nin)] for _ in range(nout)]
    for name, (nout, nin) in shapes.items()
}
params = [p for mat in state_dict.values() for row in mat for p in row]
print(f"num params: {len(params)}")

linear = lambda x, w: [sum(map(operator.mul, wo, x)) for wo in w]


def rmsnorm(x):
    scale = (sum(xi * xi for xi in x) / len(x) + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def gpt(token_id, pos_id, keys, values):
    x = rmsnorm([t + p for t, p in zip(state_dict["wte"][token_id], state_dict["wpe"][pos_id])])
    for li in range(n_layer):
        x_residual, x = x, rmsnorm(x)
        q, k, v = (linear(x, state_dict[f"layer{li}.attn_w{w}"]) for w in "qkv")
        keys[li].append(k)
        values[li].append(v)
        x_attn = []
        for hs in range(0, n_embd, head_dim):
            q_h = q[hs : hs + head_dim]
            k_h, v_h = [ki[hs : hs + head_dim] for ki in keys[li]], [vi[hs : hs + head_dim] for vi in values[li]]
            attn_logits = [sum(q_h[j] * k_t[j] for j in range(head_dim)) / head_dim**0.5 for k_t in k_h]
            max_val = max(val.data for val in attn_logits)
            exps = [(val - max_val).exp() for val in attn_logits]
            total = sum(exps)
            attn_weights = [e / total for e in exps]
            x_attn += [sum(attn_weights[t] * v_h[t][j] for t in range(len(v_h))) for j in range(head_dim)]
        x = [a + b for a, b in zip(linear(x_attn, state_dict[f"layer{li}.attn_wo"]), x_residual)]
        x_residual, x = x, rmsnorm(x)
        x = [xi.relu() for xi in linear(x, state_dict[f"layer{li}.mlp_fc1"])]
        x = [a + b for a, b in zip(linear(x, state_dict[f"layer{li}.mlp_fc2"]), x_residual)]
    return linear(x, state_dict["lm_head"])


learning_rate, beta1, beta2, eps_adam = 0.01, 0.85, 0.99, 1e-8
m, v = [0.0] * len(params), [0.0] * len(params)  # first and second moments


def adam(p, m, v, lr_t, t):
    """One Adam update of parameter `p` at step `t` (from 1); returns the new moments (m, v)."""
    m, v = beta1 * m + (1 - beta1) * p.grad, beta2 * v + (1 - beta2) * p.grad**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    p.data -= lr_t * m_hat / (v_hat**0.5 + eps_adam)
    p.grad = 0
    return m, v


num_steps = 1000
for step in range(num_steps):
    tokens = [BOS] + [uchars.index(ch) for ch in docs[step % len(docs)]] + [BOS]
    n = min(block_size, len(tokens) - 1)
    keys, values, losses = [[] for _ in range(n_layer)], [[] for _ in range(n_layer)], []
    for pos_id in range(n):
        logits = gpt(tokens[pos_id], pos_id, keys, values)
        max_val = max(val.data for val in logits)
        exps = [(val - max_val).exp() for val in logits]
        total = sum(exps)
        probs = [e / total for e in exps]
        losses.append(-probs[tokens[pos_id + 1]].log())
    loss = (1 / n) * sum(losses)
    loss.backward()
    lr_t = learning_rate * (1 - step / num_steps)  # linear decay to zero
    for i, p in enumerate(params):
        m[i], v[i] = adam(p, m[i], v[i], lr_t, step + 1)
    print(f"step {step + 1:4d} / {num_steps:4d} | loss {loss.data:.4f}", end="\r")

temperature = 0.5  # below 1 sharpens the distribution
print("\n--- inference (new, hallucinated names) ---")
for sample_idx in range(20):
    keys, values, token_id, sample = [[] for _ in range(n_layer)], [[] for _ in range(n_layer)], BOS, []
    for pos_id in range(block_size):
        logits = [l / temperature for l in gpt(token_id, pos_id, keys, values)]
        max_val = max(val.data for val in logits)
        exps = [(val - max_val).exp() for val in logits]
        total = sum(exps)
        probs = [e / total for e in exps]
        token_id = random.choices(range(vocab_size), weights=[p.data for p in probs])[0]
        if token_id == BOS:
            break
        sample.append(uchars[token_id])
    print(f"sample {sample_idx + 1:2d}: {''.join(sample)}")
