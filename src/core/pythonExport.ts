/**
 * A scene as one runnable PyTorch script: the same clouds, network (input features, SiLU MLP, output
 * scale), probability path, coupling, hyperparameters, training loop and ODE solver as the app, and
 * the app's trained weights when the scene has them, so the experiment carries on on a GPU at any
 * scale. Two variants share every line they can (data, network, weight loading, coupling, loop, main):
 * 'torch' is plain torch; 'flow_matching' takes the path and the ODE solver from Meta's library
 * (github.com/facebookresearch/flow_matching: AffineProbPath with a scheduler, ODESolver, ModelWrapper).
 * Minibatch OT uses scipy when it is installed. The text is deterministic (no date), so the same
 * scene always writes the same script.
 */
import { formatFloat32 } from './float32Text';
import { layerSizes } from './networkShape';
import { sceneMlpWeights, type Scene } from './scene';
import { PATH_NAMES, type PathName } from './paths';
import { TABLEAUX, type SolverName } from './solvers';
import { DATA_SCALE } from './trainingBatch';
import { TIME_FREQUENCIES } from './timeFeatures';

/** Floats as a Python list, wrapped every `perLine` values so editors cope with 40,000 numbers. */
function pyList(values: ArrayLike<number>, perLine = 16): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    const row: string[] = [];
    for (let j = i; j < Math.min(values.length, i + perLine); j++) row.push(formatFloat32(values[j]));
    parts.push(`    ${row.join(', ')},`);
  }
  return parts.length === 0 ? '[]' : `[\n${parts.join('\n')}\n]`;
}

const pyNumber = (v: number): string => (Number.isInteger(v) ? `${v}` : formatFloat32(v));
const pyString = (s: string): string => JSON.stringify(s);

export const PYTHON_VARIANTS = ['torch', 'flow_matching'] as const;
export type PythonVariant = (typeof PYTHON_VARIANTS)[number];
export const isPythonVariant = (s: string): s is PythonVariant => (PYTHON_VARIANTS as readonly string[]).includes(s);

export interface PythonScriptOptions {
  variant?: PythonVariant;
}

/** The library's scheduler for each path the script writes (its CosineScheduler is the app's cosine path). */
const FM_SCHEDULERS: Record<PathName, string> = { straight: 'CondOTScheduler', cosine: 'CosineScheduler' };
/** torchdiffeq's fixed-grid method for each app solver (ODESolver passes `method` through to it). */
const FM_METHODS: Record<SolverName, string> = { euler: 'euler', midpoint: 'midpoint', heun: 'heun2', rk4: 'rk4' };

/** Why a scene cannot be written as the flow_matching variant (the UI and the CLI show the message). */
export class PythonExportError extends Error {}

export function pythonScript(scene: Scene, name = 'scene', options: PythonScriptOptions = {}): string {
  const variant = options.variant ?? 'torch';
  const fm = variant === 'flow_matching';
  const tr = scene.train;
  if (fm && !(PATH_NAMES as readonly string[]).includes(tr.path)) {
    throw new PythonExportError(`the flow_matching export writes the straight or cosine path; this scene uses the ${tr.path} path`);
  }
  if (fm && (tr.targetKind !== 'velocity' || tr.conditional)) {
    throw new PythonExportError('the flow_matching export writes unconditional velocity flow matching; this scene is conditional or predicts another target');
  }
  const sa = scene.sample;
  const tab = TABLEAUX[sa.solver];
  const sizes = layerSizes(tr);
  const indent = (text: string, n: number) => text.replace(/^/gm, ' '.repeat(n));
  // A flow-matching script: it starts from the scene's velocity MLP (fm or cnf), never a RealNVP's weights.
  const mlp = sceneMlpWeights(scene);
  const weights = mlp
    ? `{\n    "step": ${mlp.step},\n    "arrays": [\n${mlp.arrays.map((a) => `${indent(pyList(a), 8)},`).join('\n')}\n    ],\n}`
    : 'None';
  const origin = (side: 'source' | 'target') => {
    const o = scene[side].origin;
    return o.kind === 'preset' ? `preset ${o.spec} (seed ${o.seed})` : 'drawn by hand';
  };
  const scheduler = FM_SCHEDULERS[tr.path as PathName];
  const method = FM_METHODS[sa.solver];
  const title = fm ? "Flow matching with Meta's flow_matching library" : 'Flow matching';
  const pathText = fm ? `the ${tr.path} path (the library's AffineProbPath with ${scheduler})` : `the ${tr.path} path`;
  const solverText = fm
    ? `${sa.solver} sampling with ${sa.steps} steps (the library's ODESolver, torchdiffeq's "${method}")`
    : `${sa.solver} sampling with ${sa.steps} steps`;
  const install = fm
    ? '    pip install flow_matching  # brings torch and torchdiffeq; scipy too, for ot pairs'
    : '    pip install torch          # scipy too, when the scene pairs by minibatch OT';
  const solverNotes: Partial<Record<SolverName, string>> = {
    rk4: `torchdiffeq's rk4 is the 3/8-rule variant of the app's classic RK4: both are fourth order, so samples
agree with the app's to the solver's error, not digit for digit.`,
    heun: `torchdiffeq's heun2 (the app's Heun) came in torchdiffeq 0.2.5: pip install -U torchdiffeq if it is missing.`,
  };
  const solverNote = solverNotes[sa.solver] ? `\n${solverNotes[sa.solver]}\n` : '';
  const fmNotes = fm
    ? `
This variant needs Meta's flow_matching package (github.com/facebookresearch/flow_matching); the
plain-torch export of the same scene does not. The path and the sampler come from the library; the
network, data, coupling, training loop and weight loading are the plain export's.
${solverNote}`
    : '';
  const imports = fm
    ? `import torch
from flow_matching.path import AffineProbPath
from flow_matching.path.scheduler import ${scheduler}
from flow_matching.solver import ODESolver
from flow_matching.utils import ModelWrapper
from torch import nn`
    : `import torch
from torch import nn`;
  const solverConfig = fm
    ? `# The ${sa.solver} solver as torchdiffeq names it (ODESolver hands \`method\` to torchdiffeq's odeint).
ODE_METHOD = ${pyString(method)}`
    : `# The ${sa.solver} tableau: stage times c, stage weights a, final weights b.
TABLEAU = {"c": [${tab.c.map(pyNumber).join(', ')}], "a": [${tab.a.map((r) => `[${r.map(pyNumber).join(', ')}]`).join(', ')}], "b": [${tab.b.map(pyNumber).join(', ')}]}`;
  const pathCode = fm
    ? `# x_t = alpha_t x1 + sigma_t x0 and its velocity dx_t, from the library.
PATH = AffineProbPath(scheduler=${scheduler}())


class VelocityModel(ModelWrapper):
    """VelocityField behind the library's model interface: the ODE solver passes t as one number."""

    def forward(self, x, t, **extras):
        t = torch.as_tensor(t, dtype=x.dtype, device=x.device).reshape(-1, 1).expand(x.shape[0], 1)
        return self.model(x, t)`
    : `def path_coefficients(t):
    """x_t = alpha x1 + sigma x0; target velocity alpha' x1 + sigma' x0."""
    if CONFIG["path"] == "cosine":
        a = 0.5 * math.pi * t
        return torch.sin(a), torch.cos(a), 0.5 * math.pi * torch.cos(a), -0.5 * math.pi * torch.sin(a)
    return t, 1 - t, torch.ones_like(t), -torch.ones_like(t)`;
  const pairCode = fm
    ? `        # The library wants one t per row, shape [batch]; the network takes them as a column.
        t = torch.rand(b, generator=generator, device=source.device)
        sample = PATH.sample(t=t, x_0=x0, x_1=x1)
        xt, ut, t = sample.x_t, sample.dx_t, t[:, None]
        if CONFIG["sigma_min"] > 0:
            xt = xt + CONFIG["sigma_min"] * torch.randn(b, 2, generator=generator, device=source.device)`
    : `        t = torch.rand(b, 1, generator=generator, device=source.device)
        alpha, sigma, d_alpha, d_sigma = path_coefficients(t)
        xt = alpha * x1 + sigma * x0
        if CONFIG["sigma_min"] > 0:
            xt = xt + CONFIG["sigma_min"] * torch.randn(b, 2, generator=generator, device=source.device)
        ut = d_alpha * x1 + d_sigma * x0`;
  const integrateCode = fm
    ? `@torch.no_grad()
def integrate(model, x, steps, t0=0.0, t1=1.0):
    """The library's ODESolver on \`steps\` equal steps (the grid itself, so no step_size); returns every position."""
    solver = ODESolver(velocity_model=VelocityModel(model))
    grid = torch.linspace(t0, t1, steps + 1, device=x.device)
    path = solver.sample(x_init=x, step_size=None, method=ODE_METHOD, time_grid=grid, return_intermediates=True)
    return path.transpose(0, 1)`
    : `@torch.no_grad()
def integrate(model, x, steps, t0=0.0, t1=1.0):
    """Fixed-step ODE solve of dx/dt = v(x, t) with the scene's tableau; returns every position."""
    h = (t1 - t0) / steps
    path = [x]
    for s in range(steps):
        t = t0 + s * h
        k = []
        for stage, c in enumerate(TABLEAU["c"]):
            probe = x + h * sum(a * k[j] for j, a in enumerate(TABLEAU["a"][stage]) if a != 0) if stage > 0 else x
            k.append(model(probe, torch.full((len(x), 1), t + c * h, device=x.device)))
        x = x + h * sum(bw * k[j] for j, bw in enumerate(TABLEAU["b"]) if bw != 0)
        path.append(x)
    return torch.stack(path, dim=1)`;
  return `#!/usr/bin/env python3
"""${title}, exported from the Flow Matching Playground: ${name.replace(/"/g, "'")}.

The same experiment as in the app: the clouds below (source ${origin('source')}, target ${origin('target')}),
a ${tr.hiddenLayers} x ${tr.width} SiLU MLP on (x/${DATA_SCALE}, y/${DATA_SCALE}, t, sin/cos(pi k t)), ${pathText}, ${tr.coupling} pairs,
Adam at ${pyNumber(tr.learningRate)}, batch ${tr.batchSize}, and ${solverText}.
${mlp ? `It starts from the app's trained weights (step ${mlp.step}); --retrain trains from scratch.` : 'The scene had no trained weights: it trains from scratch.'}

${install}
    python3 ${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.py --steps 5000 --device cuda --out samples.csv

Batches are drawn as the app draws them (with replacement, plus Gaussian jitter), though not with
the app's random numbers: losses match in distribution, not digit for digit.
${fmNotes}"""
import argparse
import math

${imports}

SOURCE = ${pyList(scene.source.points)}
TARGET = ${pyList(scene.target.points)}

CONFIG = {
    "hidden_layers": ${tr.hiddenLayers},
    "width": ${tr.width},
    "learning_rate": ${pyNumber(tr.learningRate)},
    "batch_size": ${tr.batchSize},
    "jitter": ${pyNumber(tr.jitter)},
    "path": ${pyString(tr.path)},
    "sigma_min": ${pyNumber(tr.sigmaMin)},
    "coupling": ${pyString(tr.coupling)},
    "seed": ${scene.seed},
    "solver": ${pyString(sa.solver)},
    "sample_steps": ${sa.steps},
    "particles": ${sa.particles},
}
DATA_SCALE = ${pyNumber(DATA_SCALE)}
TIME_FREQUENCIES = (${TIME_FREQUENCIES.join(', ')},)
LAYER_SIZES = [${sizes.join(', ')}]
${solverConfig}
# The app's weights, W0, b0, W1, b1, ...; each W row-major [in][out] (torch's Linear holds [out][in]).
APP_WEIGHTS = ${weights}


def time_features(t):
    """t, then sin and cos of pi k t for each k: the network bends its field in t without depth."""
    feats = [t]
    for k in TIME_FREQUENCIES:
        feats += [torch.sin(math.pi * k * t), torch.cos(math.pi * k * t)]
    return torch.cat(feats, dim=1)


class VelocityField(nn.Module):
    """v(x, t): an MLP in network units (x / DATA_SCALE in, velocity / DATA_SCALE out)."""

    def __init__(self):
        super().__init__()
        layers = []
        for i in range(len(LAYER_SIZES) - 1):
            layers.append(nn.Linear(LAYER_SIZES[i], LAYER_SIZES[i + 1]))
            if i + 2 < len(LAYER_SIZES):
                layers.append(nn.SiLU())
        self.net = nn.Sequential(*layers)

    def network(self, x, t):
        return self.net(torch.cat([x / DATA_SCALE, time_features(t)], dim=1))

    def forward(self, x, t):
        return DATA_SCALE * self.network(x, t)


def load_app_weights(model, arrays):
    linears = [m for m in model.net if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for i, lin in enumerate(linears):
            w = torch.tensor(arrays[2 * i], dtype=torch.float32).reshape(lin.in_features, lin.out_features)
            lin.weight.copy_(w.T)
            lin.bias.copy_(torch.tensor(arrays[2 * i + 1], dtype=torch.float32))


${pathCode}


def ot_pairs(x0, x1):
    """Exact minibatch OT: permute x1 so the summed squared distance to x0 is least."""
    from scipy.optimize import linear_sum_assignment

    cost = torch.cdist(x0, x1).pow(2).cpu().numpy()
    _, cols = linear_sum_assignment(cost)
    return x1[torch.as_tensor(cols, device=x1.device)]


def draw(cloud, n, generator):
    """n points with replacement, plus Gaussian jitter (the app's resampling)."""
    idx = torch.randint(len(cloud), (n,), generator=generator, device=cloud.device)
    return cloud[idx] + CONFIG["jitter"] * torch.randn(n, 2, generator=generator, device=cloud.device)


def train(model, source, target, steps, generator, log_every=500):
    opt = torch.optim.Adam(model.parameters(), lr=CONFIG["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
    b = CONFIG["batch_size"]
    for step in range(1, steps + 1):
        x0 = draw(source, b, generator)
        x1 = draw(target, b, generator)
        if CONFIG["coupling"] == "ot":
            x1 = ot_pairs(x0, x1)
${pairCode}
        # The app's loss: mean squared error in network units over the batch and both coordinates.
        loss = (model.network(xt, t) - ut / DATA_SCALE).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % log_every == 0 or step == steps:
            print(f"step {step}  loss {loss.item() * DATA_SCALE ** 2:.4f} (data units)")


${integrateCode}


def save_scene(path, model, steps_done):
    """A scene file the app opens (Scenes > Open): these clouds and settings, with this model's weights."""
    import json

    arrays = []
    for lin in (m for m in model.net if isinstance(m, nn.Linear)):
        arrays.append(lin.weight.detach().T.reshape(-1).cpu().tolist())  # W row-major [in][out]
        arrays.append(lin.bias.detach().cpu().tolist())
    scene = {
        "version": 1,
        "seed": CONFIG["seed"],
        "source": {"origin": json.loads(${pyString(JSON.stringify(scene.source.origin))}), "points": SOURCE},
        "target": {"origin": json.loads(${pyString(JSON.stringify(scene.target.origin))}), "points": TARGET},
        "train": json.loads(${pyString(JSON.stringify(scene.train))}),
        "sample": json.loads(${pyString(JSON.stringify(scene.sample))}),
        "weights": {"shape": {"hiddenLayers": CONFIG["hidden_layers"], "width": CONFIG["width"]}, "step": steps_done, "arrays": arrays},
    }
    with open(path, "w") as f:
        json.dump(scene, f)
    print(f"wrote {path}: open it in the app (Scenes > Open)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])
    parser.add_argument("--steps", type=int, default=0 if APP_WEIGHTS else 2000, help="training steps (after the app's weights, if any)")
    parser.add_argument("--retrain", action="store_true", help="start from fresh weights, not the app's")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=CONFIG["seed"])
    parser.add_argument("--particles", type=int, default=CONFIG["particles"])
    parser.add_argument("--out", help="write the sampled end points here as x,y CSV")
    parser.add_argument("--save-scene", help="write a scene file with the trained weights, for the app")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    generator = torch.Generator(device=args.device).manual_seed(args.seed)
    source = torch.tensor(SOURCE, dtype=torch.float32, device=args.device).reshape(-1, 2)
    target = torch.tensor(TARGET, dtype=torch.float32, device=args.device).reshape(-1, 2)
    model = VelocityField().to(args.device)
    if APP_WEIGHTS and not args.retrain:
        load_app_weights(model, APP_WEIGHTS["arrays"])
        print(f"loaded the app's weights (step {APP_WEIGHTS['step']})")
    steps = args.steps if (APP_WEIGHTS and not args.retrain) or args.steps > 0 else 2000
    if steps > 0:
        train(model, source, target, steps, generator)
    if args.save_scene:
        start = APP_WEIGHTS["step"] if APP_WEIGHTS and not args.retrain else 0
        save_scene(args.save_scene, model, start + steps)
    x0 = draw(source, args.particles, generator)
    ends = integrate(model, x0, CONFIG["sample_steps"])[:, -1]
    print(f"samples: mean ({ends[:, 0].mean():.3f}, {ends[:, 1].mean():.3f}); target mean ({target[:, 0].mean():.3f}, {target[:, 1].mean():.3f})")
    if args.out:
        with open(args.out, "w") as f:
            f.write("x,y\\n")
            for x, y in ends.cpu().tolist():
                f.write(f"{x},{y}\\n")
        print(f"wrote {len(ends)} points to {args.out}")


if __name__ == "__main__":
    main()
`;
}
