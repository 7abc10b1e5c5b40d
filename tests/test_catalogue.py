"""The catalogue of malformed and hostile inputs: every one gets exactly one line on stderr,
``Error: <where>: <rule>; expected …; received …`` (or click's own one-line usage error), and
its exit code (2 for usage, options and unknown models; 1 for a spec that does not work).
Never a traceback, never exit 0 with a meaningless answer.

Each case runs the CLI in a scratch directory holding the spec files below.
"""

import pytest

HEAD = "from costcalc import Network\nfrom costcalc.layers import *\n"
SPEC_FILES = {
    "exit0.py": HEAD + "def build():\n    raise SystemExit(0)\n",
    "kbint.py": HEAD + "raise KeyboardInterrupt\n",
    "models_str.py": "MODELS = 'vgg'\n",
    "models_int.py": "MODELS = {'x': 42}\n",
    "neither.py": "X = 1\n",
    "syntax.py": "def build(:\n",
    "returns_none.py": HEAD + "def build():\n    return None\n",
    "raises.py": HEAD + "def build():\n    return 1 / 0\n",
    "badopt.py": HEAD + "def build(width: int = 8):\n    net = Network('n', channels=3, size=8)\n"
                        "    net.add('c', Conv2d(width, 3))\n    return net\n",
    "two.py": "from costcalc.registry import Model\nfrom costcalc import Network\ndef b():\n"
              "    return Network('x')\nMODELS = {'a': Model('a', b, '', ''), 'b': Model('b', b, '', '')}\n",
    "notpy.txt": "hi\n",
}

# (arguments, exit code, the one line on stderr)
CASES = [
    (['report', 'exit0.py'], 1, 'Error: exit0: build() raised; expected a Network; received SystemExit: 0 (exit0.py:4)'),
    (['report', 'kbint.py'], 1, 'Error: kbint.py: spec file raised while loading; expected a file that imports cleanly; received KeyboardInterrupt (kbint.py:3)'),
    (['report', 'models_str.py'], 1, "Error: models_str.py: MODELS: MODELS is a dict from model name to Model; expected {'name': Model(...)}; received str"),
    (['report', 'models_int.py'], 1, "Error: models_int.py: MODELS: MODELS maps each name (text) to a costcalc Model; expected {'name': Model(...)}; received 'x': int"),
    (['report', 'neither.py'], 1, 'Error: neither.py: a spec file defines MODELS or build(); expected MODELS = {name: Model(...)} or def build() -> Network; received neither'),
    (['report', 'syntax.py'], 1, 'Error: syntax.py: spec file raised while loading; expected a file that imports cleanly; received SyntaxError: invalid syntax (syntax.py:1)'),
    (['report', 'returns_none.py'], 1, "Error: returns_none: a model's build() must return a costcalc Network; expected Network; received NoneType"),
    (['report', 'raises.py'], 1, 'Error: raises: build() raised; expected a Network; received ZeroDivisionError: division by zero (raises.py:4)'),
    (['report', 'badopt.py', '-O', 'width=abc'], 2, "Error: badopt: option width: the option takes an integer; expected e.g. 8; received 'abc'"),
    (['report', 'badopt.py', '-O', 'depth=3'], 2, "Error: badopt: option depth: this model takes no such option; expected width; received 'depth'"),
    (['report', 'badopt.py', '-O', 'width=0'], 1, 'Error: Conv2d(out_channels) (badopt.py:5): hyper-parameter out_channels must be a positive integer; expected >= 1; received 0'),
    (['report', 'two.py'], 2, 'Error: --model: two.py defines several models; pick one; expected a | b; received no --model'),
    (['report', 'two.py', '--model', 'c'], 2, "Error: --model: two.py defines no model of that name; expected a | b; received 'c'"),
    (['report', 'notpy.txt'], 2, "Error: notpy.txt: unknown model; expected a name from `costcalc list` or a path to a .py spec file; received 'notpy.txt'"),
    (['report', 'missing.py'], 2, 'Error: missing.py: spec file does not exist; expected a readable .py file; received missing.py'),
    (['report', '/'], 2, 'Error: /: a spec file is a .py file, not a directory; expected a readable .py file; received /'),
    (['report', 'badopt.py', '-o', 'badopt.py'], 2, 'Error: --output: the output would overwrite a file the command reads; expected another file name; received badopt.py'),
    (['report', 'vgg16', '-O', 'num_classes=0'], 2, 'Error: vgg16: option num_classes: value not allowed (classes of the last fully-connected layer); expected >= 1; received 0'),
    (['report', 'vgg16', '-O', 'num_classes=-5'], 2, 'Error: vgg16: option num_classes: value not allowed (classes of the last fully-connected layer); expected >= 1; received -5'),
    (['report', 'vgg16', '-O', 'num_classes=abc'], 2, "Error: vgg16: option num_classes: the option takes an integer; expected e.g. 1000; received 'abc'"),
    (['report', 'vgg16', '-O', 'num_classes=1e3'], 2, "Error: vgg16: option num_classes: the option takes an integer; expected e.g. 1000; received '1e3'"),
    (['report', 'vgg16', '-O', 'nonsense'], 2, "Error: --option: a build option is KEY=VALUE; expected e.g. alpha=0.75; received 'nonsense'"),
    (['report', 'vgg16', '-O', '=3'], 2, "Error: --option: a build option is KEY=VALUE; expected e.g. alpha=0.75; received '=3'"),
    (['report', 'vgg16', '-O', 'a=1', '-O', 'a=2'], 2, 'Error: -O a: an option is given once; expected one value; received -O a=1 and -O a=2'),
    (['report', 'mobilenet', '--alpha', '0.5', '-O', 'alpha=0.75'], 2, 'Error: -O alpha: an option is given once; expected one value; received --alpha 0.5 and -O alpha=0.75'),
    (['report', 'mobilenet', '--alpha', '0'], 2, 'Error: mobilenet: option alpha: value not allowed (width multiplier α); expected > 0; received 0.0'),
    (['report', 'mobilenet', '--alpha', 'nan'], 2, 'Error: mobilenet: option alpha: the option takes a finite number; expected e.g. 1.0; received nan'),
    (['report', 'mobilenet', '--alpha', '-1'], 2, 'Error: mobilenet: option alpha: value not allowed (width multiplier α); expected > 0; received -1.0'),
    (['report', 'resnet50', '-O', 'depth=49'], 2, 'Error: resnet50: option depth: value not allowed (a depth of Table 1); expected 18 | 34 | 50 | 101 | 152 | 200; received 49'),
    (['report', 'resnet50', '-O', 'version=v2'], 2, "Error: resnet50: option version: value not allowed (v1 (the paper) or v1.5 (torchvision)); expected v1 | v1.5; received 'v2'"),
    (['report', 'resnet50', '-O', 'shortcut=Z'], 2, "Error: resnet50: option shortcut: value not allowed (Section 3.3's option A, B or C, or none (plain)); expected A | B | C | none; received 'Z'"),
    (['report', 'googlenet', '-O', 'aux_logits=maybe'], 2, "Error: googlenet: option aux_logits: the option takes true or false; expected true | yes | on | 1 | false | no | off | 0; received 'maybe'"),
    (['report', 'shufflenet', '-O', 'groups=5'], 2, 'Error: shufflenet: option groups: value not allowed (Table 1 has columns for g = 1, 2, 3, 4, 8); expected 1 | 2 | 3 | 4 | 8; received 5'),
    (['report', 'shufflenet', '-O', 'conv1=abc'], 2, "Error: shufflenet: option conv1: Conv1 is a reading of the paper or a channel count; expected released | scaled | a whole number, e.g. 24; received 'abc'"),
    (['report', 'shufflenet', '-O', 'conv1=7'], 2, "Error: shufflenet: option conv1: Conv1's channels split into g = 3 groups and are fewer than Stage 2's 240 (the first unit concatenates Conv1's channels with new ones); expected a multiple of 3 below 240; received 7"),
    (['report', 'inception-v3', '-O', 'size=10'], 2, "Error: inception-v3: option size: value not allowed (input size (torchvision's min_size is 75)); expected >= 75; received 10"),
    (['report', 'vgg16', '--input', '0'], 2, 'Error: --input: input sizes are positive; expected >= 1; received (0, 0)'),
    (['report', 'vgg16', '--input', '22x'], 2, "Error: --input: an input size is N or HxW with positive integers; expected e.g. 224 or 227x200; received '22x'"),
    (['report', 'vgg16', '--input', '-3'], 2, "Error: --input: an input size is N or HxW with positive integers; expected e.g. 224 or 227x200; received '-3'"),
    (['report', 'vgg16', '--input', '224x224x3'], 2, "Error: --input: an input size is N or HxW with positive integers; expected e.g. 224 or 227x200; received '224x224x3'"),
    (['report', 'vgg16', '--input', '256'], 1, 'Error: classifier/fc6: input features must equal in_features (the weights fix the input size; a global or adaptive pool before the layer lifts that); expected 25088; received 32768'),
    (['report', 'vgg16', '--batch', '0'], 2, "Error: Invalid value for '--batch': 0 is not in the range x>=1."),
    (['report', 'vgg16', '--batch', 'x'], 2, "Error: Invalid value for '--batch': 'x' is not a valid integer range."),
    (['report', 'vgg16', '--dtype', 'fp64'], 2, "Error: Invalid value for '--dtype': 'fp64' is not one of 'fp32', 'fp16', 'bf16', 'int8'."),
    (['report', 'vgg16', '--format', 'pdf'], 2, "Error: Invalid value for '--format': 'pdf' is not one of 'text', 'markdown', 'csv', 'json', 'latex', 'html'."),
    (['report', 'vgg16', '--group-by', 'color'], 2, "Error: Invalid value for '--group-by': 'color' is not one of 'stage', 'block', 'scope', 'type'."),
    (['report', 'vgg16', '--units', 'metric'], 2, "Error: Invalid value for '--units': 'metric' is not one of 'decimal', 'binary'."),
    (['report', 'VGG16'], 2, "Error: VGG16: unknown model (did you mean vgg16, vgg16-c, vgg19?); expected a name from `costcalc list` or a path to a .py spec file; received 'VGG16'"),
    (['report', 'nosuchmodel'], 2, "Error: nosuchmodel: unknown model; expected a name from `costcalc list` or a path to a .py spec file; received 'nosuchmodel'"),
    (['report'], 2, "Error: Missing argument 'MODEL'."),
    (['report', 'vgg16', 'extra'], 2, 'Error: Got unexpected extra argument (extra)'),
    (['report', 'vgg16', '--explain-separable', '--format', 'csv'], 2, "Error: --explain-separable: the separable section is written as text, markdown or json; expected text | markdown | json; received 'csv'"),
    (['report', 'vgg16', '--model', 'x'], 2, "Error: --model: --model picks a model inside a spec file, not a built-in one; expected a .py spec file as MODEL; received --model x with 'vgg16'"),
    (['report', 'vgg16', '-o', '/nonexistent/dir/x.txt'], 2, 'Error: --output: cannot write the output file; expected a writable path; received /nonexistent/dir/x.txt (No such file or directory)'),
    (['info', 'nosuch'], 2, "Error: nosuch: unknown model; expected a name from `costcalc list` or a path to a .py spec file; received 'nosuch'"),
    (['info'], 2, "Error: Missing argument 'MODEL'."),
    (['list', 'extra'], 2, 'Error: Got unexpected extra argument (extra)'),
    (['nosuchcommand'], 2, "Error: No such command 'nosuchcommand'."),
    (['compare'], 2, 'Error: MODEL: give a model, a spec family, or --all (one of them); expected e.g. `costcalc compare vgg16` or `costcalc compare --all`; received neither'),
    (['compare', 'vgg16', '--all'], 2, "Error: MODEL: give a model, a spec family, or --all (one of them); expected e.g. `costcalc compare vgg16` or `costcalc compare --all`; received both 'vgg16' and --all"),
    (['compare', 'nosuchmodel'], 2, "Error: MODEL: no ledger figures for 'nosuchmodel'; expected a model or spec family with figures (see `costcalc compare --all`); received 'nosuchmodel'"),
    (['compare', '--format', 'pdf', '--all'], 2, "Error: Invalid value for '--format': 'pdf' is not one of 'text', 'markdown', 'csv', 'json', 'latex', 'html'."),
    (['plot', 'vgg16', 'vgg16'], 2, 'Error: MODEL: each model once; expected distinct names; received vgg16 twice'),
    (['plot', 'vgg16', '--kind', 'pie'], 2, "Error: Invalid value for '--kind': 'pie' is not one of 'layers', 'cumulative', 'compare', 'sweep', 'memory', 'landscape'."),
    (['plot', 'vgg16', '-o', 'x.gif'], 2, "Error: --output: a plot file ends in .png, .svg or .pdf; expected FILE.png | FILE.svg | FILE.pdf; received 'x.gif'"),
    (['plot', 'vgg16', '--kind', 'cumulative', '--scale', 'linear'], 2, 'Error: --scale: the cumulative plot is a percentage, on a linear axis; expected --scale with --kind layers | compare | sweep; received --scale linear'),
    (['handout', 'vgg16', '--lang', 'fr'], 2, "Error: Invalid value for '--lang': 'fr' is not one of 'en', 'ko'."),
    (['plot', 'vgg16', '--input', '224,256'], 2, "Error: --input: several input sizes need --kind sweep; expected one size, e.g. 224; received '224,256'"),
    (['plot', 'vgg16', '--kind', 'sweep'], 1, 'Error: vgg16 classifier/fc6: cannot sweep the input sizes 128, 160, 192, 224, 256, 288, 320: input features must equal in_features (the weights fix the input size; a global or adaptive pool before the layer lifts that) (this model has a build option for one: -O adaptive_pool=true); expected 25088; received 51200'),
    (['plot', 'vgg16', '--dpi', '5'], 2, "Error: Invalid value for '--dpi': 5 is not in the range 20<=x<=1200."),
    (['handout', 'vgg16', '--layers', 'nosuch'], 2, "Error: --layers: no layer 'nosuch' in vgg16; expected a layer name from `costcalc report vgg16`; received 'nosuch'"),
    (['handout', 'badopt.py', '-o', 'badopt.py'], 2, 'Error: --output: the output would overwrite a file the command reads; expected another file name; received badopt.py'),
    (['handout', 'vgg16', '--format', 'pdf'], 2, "Error: Invalid value for '--format': 'pdf' is not one of 'markdown', 'html'."),
    (['reports', 'check', '/nonexistent'], 1, 'drift: /nonexistent: no such directory; run `costcalc reports build /nonexistent`'),
    (['reports', 'build', '--readme', '/nonexistent.md'], 2, "Error: Invalid value for '--readme': File '/nonexistent.md' does not exist."),
    (["report", "vgg16", "--input", "9" * 5000], 2,
     "Error: --input: an input size is N or HxW with positive integers; expected e.g. 224 or "
     "227x200; received '99999999999999999999999999999999999999999999999999999999..."),
    (["report", "x" * 300 + ".py"], 2,
     "Error: " + "x" * 40 + "…" + "x" * 36 + ".py: cannot read the spec file; expected a readable "
     ".py file; received File name too long"),
]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    for name, text in SPEC_FILES.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Python API calls and layer constructions: (the call, its one-line message)
API_CASES = [
    ("Conv2d(8, 3, bias='false')", "Conv2d(bias): hyper-parameter bias is a flag; expected True or False; received 'false'"),
    ('Conv2d(8, (3, 3, 3))', 'Conv2d(kernel_size): kernel_size must be an int or an (h, w) pair; expected 2 values; received (3, 3, 3)'),
    ('Conv2d(0, 3)', 'Conv2d(out_channels): hyper-parameter out_channels must be a positive integer; expected >= 1; received 0'),
    ('Conv2d(8, 3, groups=3)', 'Conv2d(out_channels): out_channels must be divisible by groups; expected a multiple of groups=3; received out_channels=8'),
    ('Conv2d(8, 3, stride=0)', 'Conv2d(stride): hyper-parameter stride must be a positive integer; expected >= 1; received 0'),
    ('Conv2d(8, 3, padding=-1)', 'Conv2d(padding): hyper-parameter padding must be an integer >= 0; expected >= 0; received -1'),
    ('Conv2d(8, 3, dilation=True)', 'Conv2d(dilation): hyper-parameter dilation must be a positive integer; expected >= 1; received True'),
    ('Conv2d(8.0, 3)', 'Conv2d(out_channels): hyper-parameter out_channels must be a positive integer; expected >= 1; received 8.0'),
    ("ReLU(inplace='no')", "ReLU(inplace): hyper-parameter inplace is a flag; expected True or False; received 'no'"),
    ("BatchNorm2d(affine='False')", "BatchNorm2d(affine): hyper-parameter affine is a flag; expected True or False; received 'False'"),
    ('Dropout(p=2.0)', 'Dropout(p): hyper-parameter p must be a finite number in [0, 1]; expected a number in [0, 1]; received 2.0'),
    ("Dropout(p='half')", "Dropout(p): hyper-parameter p must be a finite number in [0, 1]; expected a number in [0, 1]; received 'half'"),
    ("LocalResponseNorm(alpha=float('nan'))", 'LocalResponseNorm(alpha): hyper-parameter alpha must be a finite number; expected a number; received nan'),
    ('MaxPool2d(2, padding=2)', "MaxPool2d(padding): pool padding must be at most half the kernel (PyTorch's rule); expected 2p <= 2, p <= 1; received (2, 2)"),
    ('AvgPool2d(3, padding=2)', "AvgPool2d(padding): pool padding must be at most half the kernel (PyTorch's rule); expected 2p <= 3, p <= 1; received (2, 2)"),
    ('AdaptiveAvgPool2d((2, 2, 2))', 'AdaptiveAvgPool2d(output_size): output_size must be an int or an (h, w) pair; expected 2 values; received (2, 2, 2)'),
    ('AdaptiveAvgPool2d(0)', 'AdaptiveAvgPool2d(output_size): hyper-parameter output_size must be a positive integer; expected >= 1; received 0'),
    ('Linear(0)', 'Linear(out_features): hyper-parameter out_features must be a positive integer; expected >= 1; received 0'),
    ('Linear(10, bias=1)', 'Linear(bias): hyper-parameter bias is a flag; expected True or False; received 1'),
    ('ChannelShuffle(0)', 'ChannelShuffle(groups): hyper-parameter groups must be a positive integer; expected >= 1; received 0'),
    ('Slice(3, 1)', 'Slice(stop): a slice must keep at least one channel; expected stop > start=3; received 1'),
    ('GroupNorm(0)', 'GroupNorm(num_groups): hyper-parameter num_groups must be a positive integer; expected >= 1; received 0'),
    ('Upsample()', 'Upsample(size): give exactly one of size and scale_factor; expected size=... or scale_factor=...; received size=None, scale_factor=None'),
    ("Upsample(scale_factor=2, mode='cubic')", "Upsample(mode): hyper-parameter mode is one of 'nearest', 'bilinear'; expected nearest | bilinear; received 'cubic'"),
    ('ConvTranspose2d(8, 3, output_padding=3)', "ConvTranspose2d(output_padding): output_padding must be smaller than the stride or the dilation (PyTorch's rule); expected < 1; received (3, 3)"),
    ('PReLU(num_parameters=0)', 'PReLU(num_parameters): hyper-parameter num_parameters must be a positive integer; expected >= 1; received 0'),
    ("GELU(approximate='fast')", "GELU(approximate): hyper-parameter approximate is one of 'none', 'tanh'; expected none | tanh; received 'fast'"),
    ('Layer()', 'Layer: an abstract layer class cannot be used as a layer; expected a concrete subclass (e.g. Conv2d, ReLU); received Layer'),
    ("Network('n', size=(32, 32, 32))", 'Network(size): size must be an int or an (h, w) pair; expected 2 values; received (32, 32, 32)'),
    ("Network('n', channels=0)", 'Network(channels): hyper-parameter channels must be a positive integer; expected >= 1; received 0'),
    ('Network(5)', "Network(name): a network name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received 5"),
    ("Network('n').add(5, ReLU())", "net.add(name): a node name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received 5"),
    ("Network('n').add('a/b', ReLU())", "net.add(name): a node name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received 'a/b'"),
    ("Network('n').add('', ReLU())", "net.add(name): a node name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received ''"),
    ("Network('n').add('a\\nb', ReLU())", "net.add(name): a node name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received 'a\\nb'"),
    ("Network('n').add('x', ReLU(), inputs=5)", "x: inputs is a node name or a list of node names; expected e.g. 'conv1' or ['a', 'b']; received 5"),
    ("Network('n').add('x', 'ReLU')", 'x: unknown layer type; expected an instance of a costcalc.layers class; received str'),
    ("Network('n').scope(7).__enter__()", "net.scope(name): a scope name is a non-empty string without '/', control characters or line breaks; expected e.g. 'conv1'; received 7"),
    ('costcalc.analyze(net_with(Conv2d(np.int64(2**60), 1)))', 'x: MACs exceed the int64 range; expected at most 2**62 ≈ 4.6e18; received 2.21e+20'),
    ('costcalc.analyze(net_with(Conv2d(8, 1, padding=np.int64(2**40))))', 'x: MACs exceed the int64 range; expected at most 2**62 ≈ 4.6e18; received 1.16e+26'),
    ('costcalc.analyze(net_with(AdaptiveAvgPool2d(2**40)))', 'x: other ops exceed the int64 range; expected at most 2**62 ≈ 4.6e18; received 3.63e+24'),
    ('costcalc.sweep(net_with(Conv2d(8, 1, padding=2**40)), [8, 9])', 'x: MACs exceed the int64 range; expected at most 2**62 ≈ 4.6e18; received 1.16e+26'),
    ("costcalc.analyze('mobilenet').row('conv1/conv', variant=5)", 'variant: a variant is the index of one of the analysed input sizes; expected 0 .. 0; received 5'),
    ("costcalc.analyze('nosuch')", "nosuch: unknown model; expected a name from `costcalc list` or a path to a .py spec file; received 'nosuch'"),
    ("costcalc.analyze('vgg16', options={'alpha': 1})", "vgg16: option alpha: this model takes no such option; expected num_classes, adaptive_pool, batch_norm; received 'alpha'"),
    ("costcalc.sweep('vgg16', [224, 256])", 'classifier/fc6: input features must equal in_features (the weights fix the input size; a global or adaptive pool before the layer lifts that); expected 25088; received 32768'),
    ("costcalc.info('nosuch')", "nosuch: unknown model; expected a name from `costcalc list` or a path to a .py spec file; received 'nosuch'"),
    ("costcalc.analyze('resnet18', (1, 3, 224, 224))", "input_size: an input size is (H, W); give the batch as batch= (channels are the spec's own); expected e.g. 224 or (224, 224), batch=1; received (1, 3, 224, 224)"),
]


def _api_namespace():
    import numpy as np

    import costcalc
    from costcalc import layers
    from costcalc.graph import Network

    def net_with(layer):
        net = Network("n", channels=3, size=8)
        net.add("x", layer)
        return net
    return {**{n: getattr(layers, n) for n in layers.__all__}, "np": np, "costcalc": costcalc,
            "Network": Network, "net_with": net_with}


def test_the_catalogue_is_large():
    assert len(CASES) + len(API_CASES) >= 100


@pytest.mark.parametrize("call, message", API_CASES, ids=[c[0][:60] for c in API_CASES])
def test_each_bad_api_call_raises_one_costcalc_error(call, message):
    from costcalc import CostcalcError
    with pytest.raises(CostcalcError) as info:
        eval(call, _api_namespace())   # the call as a user would type it
    assert str(info.value) == message


@pytest.mark.parametrize("args, code, line", CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_each_bad_input_gets_one_line(scratch, run, args, code, line):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [line]


def test_a_spec_file_may_import_a_helper_beside_it(scratch, run):
    (scratch / "helper_mod.py").write_text(HEAD + "def make():\n    net = Network('n', channels=3, size=8)\n"
                                           "    net.add('c', Conv2d(4, 3))\n    return net\n")
    (scratch / "uses_helper.py").write_text("from helper_mod import make\n\ndef build():\n    return make()\n")
    result = run("report", "uses_helper.py")
    assert result.exit_code == 0, result.output
    assert "6×6" in result.stdout.split("\nc ")[1]   # ⌊(8 − 3)/1⌋ + 1 = 6


def test_a_report_never_replaces_its_spec(scratch, run):
    before = (scratch / "badopt.py").read_text()
    run("report", "badopt.py", "-o", "badopt.py")
    assert (scratch / "badopt.py").read_text() == before
