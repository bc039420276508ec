// How far Trappen's wheel goes in Pyodide (the Python of xlwings Lite), run under Node:
//
//   npm install --prefix /tmp/pyodide pyodide                # Pyodide's npm package (Pyodide 314 here)
//   python -m pip wheel --no-deps -w dist .                   # dist/trappen-*.whl
//   python -m pip download --no-deps --only-binary=:all: --platform any -d dist xlwings==0.37.8
//   NODE_PATH=/tmp/pyodide/node_modules node tools/pyodide/check.mjs dist
//
// It unpacks the wheels into Pyodide's site-packages (micropip and numpy come from Pyodide's CDN, jsDelivr;
// where that is reachable the script loads numpy from there), then imports xlwings with Lite's server
// decorators and trappen.udfs, and computes every function's example. Each step prints OK or where it stops.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");
const folder = process.argv[2] ?? "dist";
const pyodide = await loadPyodide();
console.log(`OK   Pyodide ${pyodide.version}: ${pyodide.runPython("import sys; sys.version.split()[0]")}`);

for (const name of readdirSync(folder).filter((n) => n.endsWith(".whl"))) {
  pyodide.FS.writeFile(`/tmp/${name}`, readFileSync(join(folder, name)));
  pyodide.runPython(`
import zipfile, site
zipfile.ZipFile("/tmp/${name}").extractall(site.getsitepackages()[0])
`);
  console.log(`OK   unpacked ${name}`);
}

const failures = [];
await pyodide.loadPackage("numpy", { errorCallback: (message) => failures.push(message) });
if ("numpy" in pyodide.loadedPackages) {
  console.log(`OK   numpy ${pyodide.loadedPackages.numpy} from Pyodide's repository`);
} else {
  console.log(`STOP numpy not loaded (${failures.join(" ").replace(/\s+/g, " ").trim()}): Pyodide fetches it from ` +
              "its CDN (cdn.jsdelivr.net), which was not reachable");
}

const steps = [
  ["the wheel's requirements", `
import importlib.metadata as m
print(m.requires("trappen"))`],
  ["xlwings with Lite's server decorators", `
import os
os.environ["XLWINGS_ON_SERVER"] = "true"; os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
import xlwings
print(xlwings.__version__, xlwings.func.__module__)`],
  ["import trappen.udfs", `
import trappen.udfs as udfs
print(len(udfs.REGISTRY), "functions")`],
  ["main.py's registration (trappen.addin.excel.lite)", `
from xlwings import arg, func, ret
from trappen.addin.excel import lite
print(len(lite.functions((func, arg, ret))), "custom functions")`],
  ["every example", `
import numpy as np, trappen.udfs as udfs
bad = [n for n, s in udfs.REGISTRY.items()
       if not np.allclose(np.asarray(s.call(*s.example.args), dtype=float), np.asarray(s.example.result, dtype=float),
                          rtol=1e-9, atol=s.example.tolerance + 1e-6)]
print("all equal" if not bad else f"differ: {bad}")`],
];
for (const [label, code] of steps) {
  try {
    console.log(`OK   ${label}: ${String(pyodide.runPython(`
import io, contextlib
_out = io.StringIO()
with contextlib.redirect_stdout(_out):
${code.split("\n").map((line) => "    " + line).join("\n")}
_out.getvalue().strip()`))}`);
  } catch (error) {
    const lines = String(error).trim().split("\n").filter(Boolean);
    const last = lines.filter((line) => /Error/.test(line)).pop() ?? lines.pop();
    console.log(`STOP ${label}: ${last}`);
  }
}
