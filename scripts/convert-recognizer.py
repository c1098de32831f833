"""Converts Moonshine base (English) from the ORT format it ships in into the three
ONNX graphs aloud's recognizer runs (crates/aloud-check), once, at setup.

As shipped, the weights are int8 times a scale, rebuilt at every decoder step, and the
decoder is one graph whose `If` picks the first step or a step with a key/value cache.
Here each graph is re-saved as ONNX by ONNX Runtime itself, the decoder split at its
`If` into `decoder_first.onnx` and `decoder_past.onnx` (the rebuilt weights shared by
both branches go with each), constants folded (ONNX Runtime's basic level, which is
the same on every CPU), and MatMul and Gather weights quantized to int8 per channel
with dynamic activations. That runs about ten times as fast as the shipped files on
one core.

Usage: convert-recognizer.py SHIPPED_MODEL_DIR OUT_DIR  (OUT_DIR must not exist yet)
"""

import logging
import os
import shutil
import sys
import tempfile

import onnx
import onnxruntime as ort
from onnx import helper
from onnxruntime.quantization import QuantType, quantize_dynamic


def resave(src, dst, level):
    """Loads `src` in ONNX Runtime at optimization `level` and saves the graph as ONNX."""
    options = ort.SessionOptions()
    options.graph_optimization_level = level
    options.optimized_model_filepath = dst
    options.log_severity_level = 3
    ort.InferenceSession(src, options, providers=["CPUExecutionProvider"])


def split_decoder(merged_path, first_path, past_path):
    """Writes the merged decoder's two branches as graphs of their own."""
    merged = onnx.load(merged_path)
    graph = merged.graph
    branch_node = next(n for n in graph.node if n.op_type == "If")
    shared = [n for n in graph.node if n is not branch_node]
    branches = {a.name: a.g for a in branch_node.attribute}
    # `use_cache_branch` false: no cache yet (the first step).
    for branch_name, out_path in (("else_branch", first_path), ("then_branch", past_path)):
        branch = branches[branch_name]
        nodes = [onnx.NodeProto.FromString(n.SerializeToString()) for n in shared]
        nodes += [onnx.NodeProto.FromString(n.SerializeToString()) for n in branch.node]
        # The branch's outputs become the graph's, under the names the If gave them.
        renamed = {inner.name: outer for inner, outer in zip(branch.output, branch_node.output)}
        for node in nodes:
            for i, name in enumerate(node.output):
                node.output[i] = renamed.get(name, name)
            for i, name in enumerate(node.input):
                node.input[i] = renamed.get(name, name)
        used = {name for node in nodes for name in node.input}
        inputs = [i for i in graph.input if i.name in used]
        initializers = list(graph.initializer) + list(branch.initializer)
        split = helper.make_graph(nodes, graph.name, inputs, list(graph.output), initializers)
        model = helper.make_model(
            split, opset_imports=merged.opset_import, ir_version=merged.ir_version
        )
        onnx.save(model, out_path)


def main():
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's advice on pre-processing
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    shipped, out = sys.argv[1], sys.argv[2]
    if os.path.exists(out):
        sys.exit(f"{out} exists already")
    work = tempfile.mkdtemp(prefix="recognizer.")
    try:
        disable_all = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        resave(f"{shipped}/encoder_model.ort", f"{work}/encoder.onnx", disable_all)
        resave(f"{shipped}/decoder_model_merged.ort", f"{work}/decoder_merged.onnx", disable_all)
        split_decoder(
            f"{work}/decoder_merged.onnx", f"{work}/decoder_first.onnx", f"{work}/decoder_past.onnx"
        )
        staged = f"{work}/out"
        os.makedirs(staged)
        for name in ("encoder", "decoder_first", "decoder_past"):
            folded = f"{work}/{name}.folded.onnx"
            resave(f"{work}/{name}.onnx", folded, ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
            quantize_dynamic(
                folded,
                f"{staged}/{name}.onnx",
                per_channel=True,
                op_types_to_quantize=["MatMul", "Gather"],
                weight_type=QuantType.QInt8,
            )
        shutil.copy(f"{shipped}/tokenizer.bin", f"{staged}/tokenizer.bin")
        # Whole or not at all: the directory appears with every file in it.
        shutil.move(staged, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
