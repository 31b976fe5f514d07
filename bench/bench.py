#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark driver: healthtopics vs scikit-learn, fastText, liblinear-train and svm-train.

Run it through bench/run.sh (which installs the tools and builds healthtopics); see bench/README.md.

  bench.py --repo DIR --ht BUILD/healthtopics --work DIR --out DIR [--repeats N] [--smoke]

Every command is timed with a monotonic clock around the process and wrapped in GNU `time -v` for its peak RSS.
Predictions of every system are scored by bench/score.py; the tools' own figures are kept only as cross-checks.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score as scorer  # noqa: E402

MB = 1e6
GNU_TIME = "/usr/bin/time"
SIZES = [100, 1000, 10000, 100000, 1000000]  # growth: bytes per text


class BenchError(Exception):
    pass


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring


def measure(cmd, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=None, tag=""):
    """Run cmd under GNU time -v; return wall seconds (perf_counter around the process), peak RSS (KB), CPU s."""
    tfile = os.path.join(ARGS.work, ".time.txt")
    full = [GNU_TIME, "-v", "-o", tfile] + [str(c) for c in cmd]
    out = open(stdout, "w") if isinstance(stdout, str) else stdout
    try:
        t0 = time.perf_counter()
        p = subprocess.run(full, stdout=out, stdin=stdin, stderr=subprocess.PIPE, cwd=cwd)
        wall = time.perf_counter() - t0
    finally:
        if isinstance(stdout, str):
            out.close()
    txt = open(tfile).read() if os.path.exists(tfile) else ""
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BenchError(f"{tag or cmd[0]}: exit {p.returncode}: {' | '.join(err)}\n  command: {' '.join(map(str, cmd))}")

    def field(name):
        m = re.search(r"^\s*" + re.escape(name) + r": (.*)$", txt, re.M)
        return m.group(1).strip() if m else None

    rss = int(field("Maximum resident set size (kbytes)") or 0)
    cpu = float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0)
    return {"wall": wall, "rss_kb": rss, "cpu": cpu}


def run(cmd, stdout=None, tag=""):
    """Run a preparation step (not measured); return stdout text unless redirected to a file."""
    out = open(stdout, "w") if stdout else subprocess.PIPE
    try:
        p = subprocess.run([str(c) for c in cmd], stdout=out, stderr=subprocess.PIPE)
    finally:
        if stdout:
            out.close()
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise BenchError(f"{tag or cmd[0]}: exit {p.returncode}: {' | '.join(err)}")
    return p.stdout.decode("utf-8", "replace") if not stdout else ""


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fsize(*paths):
    return sum(os.path.getsize(p) for p in paths if p and os.path.exists(p))


# ---------------------------------------------------------------- data


def tidy(s):
    return s.replace("\t", " ").replace("\r", " ")


def read_tsv(path, limit=None):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            lab, sep, text = line.partition("\t")
            if not sep:
                raise BenchError(f"{path}: a line without a tab")
            rows.append(([x for x in lab.split(",") if x], text))
            if limit and len(rows) >= limit:
                break
    return rows


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for labs, text in rows:
            f.write(",".join(labs) + "\t" + tidy(text) + "\n")


def write_fasttext(path, rows, none_label):
    with open(path, "w", encoding="utf-8") as f:
        for labs, text in rows:
            labs = labs or ([none_label] if none_label else [])
            f.write("".join(f"__label__{l} " for l in labs) + tidy(text) + "\n")


def write_texts(prefix, texts):
    """Same texts in the layouts the tools read: PREFIX.tsv (`<TAB>text`) and PREFIX.txt (text). -> text bytes."""
    with open(prefix + ".tsv", "w", encoding="utf-8") as a, open(prefix + ".txt", "w", encoding="utf-8") as b:
        for t in texts:
            a.write("\t" + tidy(t) + "\n")
            b.write(tidy(t) + "\n")
    return os.path.getsize(prefix + ".txt")


def check_cli_export(tsv, expected_units):
    """The output of `healthtopics corpus export --format tsv` is usable when it has the expected units, each
    with a label field of known labels."""
    rows = read_tsv(tsv)
    if len(rows) != expected_units:
        return f"{len(rows)} lines, expected {expected_units} units"
    bad = [l for labs, _ in rows for l in labs if l not in ("benefits", "types", "risks", "alternatives")]
    return f"unknown labels {bad[:3]}" if bad else None


def standin_rows(d, split, limit):
    """The units of one split of corpus/articles that carry exactly one label: a single-label (multi-class)
    dataset shaped like MedQuAD, for a smoke run on a machine without MedQuAD."""
    out = os.path.join(d, f"standin-{split}.tsv")
    run([sys.executable, os.path.join(HERE, "export_corpus.py"), os.path.join(ARGS.repo, "corpus", "articles"),
         "--split", split, "--tsv", out], tag="export_corpus.py")
    rows = [r for r in read_tsv(out) if len(r[0]) == 1]
    return rows[:limit] if limit else rows


def prepare(ds_root):
    """Build every input file; return the dataset descriptions."""
    W = ARGS.work
    os.makedirs(ds_root, exist_ok=True)
    limit = 300 if ARGS.smoke else None
    dsets = {}

    # ---- MedQuAD (a smoke run without it: a single-label stand-in made from the project's own corpus)
    d = os.path.join(ds_root, "medquad")
    os.makedirs(d, exist_ok=True)
    if ARGS.medquad_missing:
        mq_train, mq_dev = standin_rows(d, "train", limit), standin_rows(d, "heldout", limit)
        title = "stand-in for MedQuAD (absent): the single-label units of corpus/articles"
    else:
        mq_train = read_tsv(ARGS.medquad_train, limit)
        mq_dev = read_tsv(ARGS.medquad_dev, limit)
        title = "MedQuAD question type (single-label)"
    m = {"name": "medquad", "title": title, "multilabel": False, "dir": d}
    m["train_tsv"], m["dev_tsv"] = os.path.join(d, "train.tsv"), os.path.join(d, "dev.tsv")
    write_tsv(m["train_tsv"], mq_train)
    write_tsv(m["dev_tsv"], mq_dev)
    m["train_ft"] = os.path.join(d, "train.ft")
    write_fasttext(m["train_ft"], mq_train, None)
    write_texts(os.path.join(d, "dev-texts"), [t for _, t in mq_dev])
    m["dev_txt"] = os.path.join(d, "dev-texts.txt")
    m["thr"] = os.path.join(d, "throughput")
    m["thr_bytes"] = write_texts(m["thr"], [t for _, t in mq_train])
    m["one"] = os.path.join(d, "one")
    write_texts(m["one"], [mq_train[0][1]])
    m["n_train"], m["n_dev"] = len(mq_train), len(mq_dev)
    m["train_bytes"] = os.path.getsize(m["train_tsv"])
    m["labels"] = len({l for labs, _ in mq_train for l in labs})
    m["source"] = ({"train": "corpus/articles --split train, single-label units",
                    "dev": "corpus/articles --split heldout, single-label units", "first_lines": limit,
                    "note": "MedQuAD not found; the project's corpus stands in"} if ARGS.medquad_missing else
                   {"train": ARGS.medquad_train, "dev": ARGS.medquad_dev, "first_lines": limit})
    dsets["medquad"] = m

    # ---- the project's corpus
    d = os.path.join(ds_root, "project")
    os.makedirs(d, exist_ok=True)
    art = os.path.join(ARGS.repo, "corpus", "articles")
    p = {"name": "project", "title": "project corpus corpus/articles (multi-label, held-out split)",
         "multilabel": True, "dir": d, "articles": art}
    stats = run([ARGS.ht, "corpus", "stats", art], tag="corpus stats")
    expect = {k: int(re.search(rf"^{k} units\s+(\d+)", stats, re.M).group(1)) for k in ("training", "held-out")}
    p["train_tsv"], p["dev_tsv"] = os.path.join(d, "train.tsv"), os.path.join(d, "heldout.tsv")
    p["plain_dir"], p["manifest"] = os.path.join(d, "heldout-plain"), os.path.join(d, "heldout-manifest.json")
    export_notes = {}
    for split, out, key in (("train", p["train_tsv"], "training"), ("heldout", p["dev_tsv"], "held-out")):
        cmd = [ARGS.ht, "corpus", "export", art, "--format", "tsv", "--split", split]
        why = None
        try:
            subprocess.run([str(c) for c in cmd], stdout=open(out, "w"), stderr=subprocess.DEVNULL, check=True)
            why = check_cli_export(out, expect[key])
        except subprocess.CalledProcessError as e:
            why = f"exit {e.returncode}"
        except BenchError as e:
            why = str(e)
        if why:
            log(f"`healthtopics corpus export --format tsv --split {split}` is unusable ({why}); "
                f"using bench/export_corpus.py")
            run([sys.executable, os.path.join(HERE, "export_corpus.py"), art, "--split", split, "--tsv", out],
                tag="export_corpus.py")
        export_notes[split] = {"cli_export": "ok" if not why else f"failed: {why}",
                               "used": "healthtopics corpus export" if not why else "bench/export_corpus.py"}
    # plain articles of the held-out split, for `classify --article`; and a cross-check of the two exports
    chk = os.path.join(d, "heldout-check.tsv")
    run([sys.executable, os.path.join(HERE, "export_corpus.py"), art, "--split", "heldout", "--tsv", chk,
         "--plain-dir", p["plain_dir"], "--manifest", p["manifest"]], tag="export_corpus.py")
    def norm(rows):
        return [(sorted(labs), text) for labs, text in rows]

    if norm(read_tsv(chk)) != norm(read_tsv(p["dev_tsv"])):
        raise BenchError("the held-out export differs from bench/export_corpus.py's reading of the articles")
    p["export"] = export_notes
    p["expected_units"] = expect
    tr, ho = read_tsv(p["train_tsv"]), read_tsv(p["dev_tsv"])
    if len(tr) != expect["training"] or len(ho) != expect["held-out"]:
        raise BenchError(f"project export: {len(tr)}/{len(ho)} units, corpus stats says {expect}")
    p["train_ft"] = os.path.join(d, "train.ft")
    write_fasttext(p["train_ft"], tr, "none")
    write_texts(os.path.join(d, "heldout-texts"), [t for _, t in ho])
    p["dev_txt"] = os.path.join(d, "heldout-texts.txt")
    texts = [t for _, t in tr + ho]
    big, target = [], (0 if ARGS.smoke else 4 * MB)
    while True:
        big.extend(texts)
        if sum(len(t) + 1 for t in big) >= target:
            break
    p["thr"] = os.path.join(d, "throughput")
    p["thr_bytes"] = write_texts(p["thr"], big)
    p["one"] = os.path.join(d, "one")
    write_texts(p["one"], [ho[0][1]])
    p["n_train"], p["n_dev"] = len(tr), len(ho)
    p["train_bytes"] = os.path.getsize(p["train_tsv"])
    p["labels"] = 4
    dsets["project"] = p
    return dsets


# ---------------------------------------------------------------- systems


def ht_label_names(model):
    info = run([ARGS.ht, "info", model], tag="healthtopics info")
    return [m.group(1) for m in re.finditer(r"^label\.(\S+):", info, re.M)]


class System:
    """One system on one dataset: train (measured), predict the evaluation set (scored), classify the throughput
    input and a one-line input (measured)."""

    name = ""
    datasets = ("medquad", "project")
    throughput = True

    def __init__(self, ds):
        self.ds = ds
        self.dir = os.path.join(ARGS.work, "models", ds["name"])
        os.makedirs(self.dir, exist_ok=True)

    def model_files(self):
        return [self.model]

    def cleanup(self):
        pass

    def own_figures(self):
        return None


class Healthtopics(System):
    name = "healthtopics"

    def __init__(self, ds):
        super().__init__(ds)
        self.model = os.path.join(self.dir, "healthtopics.htm")

    def train_cmd(self):
        corpus = self.ds["articles"] if self.ds["name"] == "project" else self.ds["train_tsv"]
        return [ARGS.ht, "train", "--corpus", corpus, "--out", self.model]

    def predict(self, out):
        if self.ds["name"] != "project":
            run([ARGS.ht, "classify", "--model", self.model, "--format", "tsv", self.ds["dev_tsv"]], stdout=out)
            return "ht-jsonl", None
        # one `classify --article` per held-out article: one prediction per unit, with heading context
        man = json.load(open(self.ds["manifest"]))
        headings = {"units": 0, "article_heading_flag_differs": 0}
        with open(out, "w") as f:
            for a in man:
                res = run([ARGS.ht, "classify", "--model", self.model, "--article", a["file"]], tag="classify --article")
                lines = res.splitlines()
                if len(lines) != a["units"]:
                    raise BenchError(f"classify --article {a['file']}: {len(lines)} units, the corpus has {a['units']}")
                texts = open(a["file"], encoding="utf-8").read().split("\n\n")
                for line, t in zip(lines, texts):
                    headings["units"] += 1
                    headings["article_heading_flag_differs"] += json.loads(line)["heading"] != t.startswith("#")
                f.write(res)
        self.heading_check = headings
        return "ht-jsonl", None

    def classify_cmd(self, inp):
        return [ARGS.ht, "classify", "--model", self.model, "--format", "tsv", inp + ".tsv"]

    def single_text_cmd(self, path):
        return [ARGS.ht, "classify", "--model", self.model, path]

    def own_figures(self):
        if self.ds["name"] == "project":
            cmd = [ARGS.ht, "eval", "--model", self.model, "--corpus", self.ds["articles"], "--split", "heldout", "--json"]
        else:
            cmd = [ARGS.ht, "eval", "--model", self.model, "--corpus", self.ds["dev_tsv"], "--json"]
        e = json.loads(run(cmd, tag="healthtopics eval"))
        own = {"micro_f1": e["micro"]["f1"], "macro_f1": e["macro"]["f1"]}
        own["accuracy" if not e["multilabel"] else "exact_match"] = e["accuracy"]
        if hasattr(self, "heading_check"):
            own["heading_check"] = self.heading_check
        return own


class HealthtopicsFlat(Healthtopics):
    """healthtopics on the same exported TSV the peers see (no heading context): an apples-to-apples row."""

    name = "healthtopics (flat TSV)"
    datasets = ("project",)

    def __init__(self, ds):
        System.__init__(self, ds)
        self.model = os.path.join(self.dir, "healthtopics-flat.htm")

    def train_cmd(self):
        return [ARGS.ht, "train", "--corpus", self.ds["train_tsv"], "--format", "tsv", "--multilabel", "--out", self.model]

    def predict(self, out):
        run([ARGS.ht, "classify", "--model", self.model, "--format", "tsv", self.ds["dev_tsv"]], stdout=out)
        return "ht-jsonl", None

    def own_figures(self):
        e = json.loads(run([ARGS.ht, "eval", "--model", self.model, "--corpus", self.ds["dev_tsv"], "--format", "tsv",
                            "--json"], tag="healthtopics eval"))
        return {"micro_f1": e["micro"]["f1"], "macro_f1": e["macro"]["f1"], "exact_match": e["accuracy"]}


class Sklearn(System):
    name = "scikit-learn"

    def __init__(self, ds):
        super().__init__(ds)
        self.model = os.path.join(self.dir, "sklearn.pkl")
        self.script = os.path.join(HERE, "sklearn_bench.py")

    def train_cmd(self, corpus=None):
        cmd = [sys.executable, self.script, "train", "--corpus", corpus or self.ds["train_tsv"], "--out", self.model]
        return cmd + (["--multilabel"] if self.ds["multilabel"] else [])

    def predict(self, out):
        run([sys.executable, self.script, "classify", "--model", self.model, "--out", out, self.ds["dev_tsv"]],
            tag="sklearn classify")
        return "labels", None

    def classify_cmd(self, inp):
        return [sys.executable, self.script, "classify", "--model", self.model, inp + ".tsv"]


class FastText(System):
    name = "fastText"

    def __init__(self, ds):
        super().__init__(ds)
        self.prefix = os.path.join(self.dir, "fasttext")
        self.model = self.prefix + ".bin"

    def train_cmd(self, corpus=None):
        cmd = ["fasttext", "supervised", "-input", corpus or self.ds["train_ft"], "-output", self.prefix,
               "-wordNgrams", "2", "-epoch", "25", "-thread", str(os.cpu_count() or 1), "-verbose", "0"]
        return cmd + (["-loss", "ova"] if self.ds["multilabel"] else [])

    def after_train(self):
        if os.path.exists(self.prefix + ".vec"):  # the word vectors fastText writes too; not needed to classify
            os.remove(self.prefix + ".vec")

    def _predict_args(self):
        return ["predict-prob", self.model] if self.ds["multilabel"] else ["predict", self.model]

    def _tail(self):
        return ["-1", "0.5"] if self.ds["multilabel"] else []

    def predict(self, out):
        run(["fasttext"] + self._predict_args() + [self.ds["dev_txt"]] + self._tail(), stdout=out)
        return "fasttext", None

    def classify_cmd(self, inp):
        return ["fasttext"] + self._predict_args() + [inp + ".txt"] + self._tail()

    def cleanup(self):
        for p in (self.model, self.prefix + ".vec"):
            if os.path.exists(p):
                os.remove(p)


class Liblinear(System):
    """liblinear-train -s 1 on the TF-IDF vectors `healthtopics vectorize` writes (vectorizing not timed)."""

    name = "liblinear-train -s 1"
    datasets = ("medquad",)
    throughput = False
    train_prog, predict_prog, extra = "liblinear-train", "liblinear-predict", ["-s", "1"]

    def __init__(self, ds):
        super().__init__(ds)
        self.model = os.path.join(self.dir, self.train_prog + ".model")

    def train_cmd(self):
        return [self.train_prog] + self.extra + ["-q", self.ds["train_svm"], self.model]

    def predict(self, out):
        own = run([self.predict_prog, self.ds["dev_svm"], self.model, out], tag=self.predict_prog)
        m = re.search(r"Accuracy = ([\d.]+)%", own)
        self.own = {"accuracy": float(m.group(1)) / 100} if m else None
        return "index", self.ds["label_names"]

    def predict_cmd(self, vectors):
        return [self.predict_prog, vectors, self.model, os.devnull]

    def own_figures(self):
        return getattr(self, "own", None)


class Libsvm(Liblinear):
    name = "svm-train -t 0"
    train_prog, predict_prog, extra = "svm-train", "svm-predict", ["-t", "0"]
    once = True


# ---------------------------------------------------------------- the main comparison


def score_file(ds, pred, fmt, names):
    gold = scorer.read_gold(ds["dev_tsv"])
    res = scorer.score(gold, scorer.read_pred(pred, fmt, names), ds["multilabel"])
    out = {"micro_f1": res["micro"]["f1"], "macro_f1": res["macro"]["f1"], "labels_scored": res["labels_scored"]}
    out["accuracy" if not ds["multilabel"] else "exact_match"] = res["accuracy" if not ds["multilabel"] else "exact_match"]
    return out


def vectorize(ds, ht_model):
    """LIBSVM files of the healthtopics model's TF-IDF vectors for liblinear-train and svm-train."""
    d = ds["dir"]
    ds["train_svm"], ds["dev_svm"], ds["one_svm"] = (os.path.join(d, n) for n in ("train.svm", "dev.svm", "one.svm"))
    t = measure([ARGS.ht, "vectorize", "--model", ht_model, "--corpus", ds["train_tsv"], "--out", ds["train_svm"]],
                tag="healthtopics vectorize")
    run([ARGS.ht, "vectorize", "--model", ht_model, "--corpus", ds["dev_tsv"], "--out", ds["dev_svm"]],
        tag="healthtopics vectorize")
    with open(ds["dev_svm"]) as f, open(ds["one_svm"], "w") as g:
        g.write(f.readline())
    ds["label_names"] = ht_label_names(ht_model)
    return {"vectorize_train_s": t["wall"], "train_svm_mb": os.path.getsize(ds["train_svm"]) / MB}


def bench_dataset(ds, failures):
    systems = [cls(ds) for cls in (Healthtopics, HealthtopicsFlat, Sklearn, FastText, Liblinear, Libsvm)
               if ds["name"] in cls.datasets]
    res = {s.name: {"runs": [], "scores": []} for s in systems}
    extra = {}
    broken = set()
    for r in range(ARGS.repeats):
        for s in systems:
            if s.name in broken or (getattr(s, "once", False) and r > 0):
                continue
            R = res[s.name]
            try:
                if isinstance(s, Liblinear) and "train_svm" not in ds:
                    extra.update(vectorize(ds, systems[0].model))
                log(f"{ds['name']} / {s.name}: repeat {r + 1}: train")
                t = measure(s.train_cmd(), tag=f"{s.name} train")
                if hasattr(s, "after_train"):
                    s.after_train()
                run_rec = {"train_s": t["wall"], "train_cpu_s": t["cpu"], "train_rss_kb": t["rss_kb"],
                           "model_bytes": fsize(*s.model_files())}
                pred = os.path.join(s.dir, re.sub(r"\W+", "_", s.name) + ".pred")
                fmt, names = s.predict(pred)
                sc = score_file(ds, pred, fmt, names)
                R["scores"].append(sc)
                if s.throughput:
                    c = measure(s.classify_cmd(ds["thr"]), tag=f"{s.name} classify")
                    run_rec.update(classify_s=c["wall"], classify_rss_kb=c["rss_kb"], classify_mb_s=ds["thr_bytes"] / MB / c["wall"])
                    l = measure(s.classify_cmd(ds["one"]), tag=f"{s.name} load")
                else:
                    c = measure(s.predict_cmd(ds["dev_svm"]), tag=f"{s.name} predict")
                    run_rec.update(classify_rss_kb=c["rss_kb"], predict_dev_vectors_s=c["wall"])
                    l = measure(s.predict_cmd(ds["one_svm"]), tag=f"{s.name} load")
                run_rec["load_s"] = l["wall"]
                R["runs"].append(run_rec)
                if r == 0:
                    R["own"] = s.own_figures()
            except (BenchError, OSError, ValueError, KeyError) as e:
                log(f"FAILED: {ds['name']} / {s.name}: {e}")
                failures.append(f"{ds['name']} / {s.name}: {e}")
                broken.add(s.name)
    out = {}
    for s in systems:
        R = res[s.name]
        if not R["runs"]:
            out[s.name] = {"failed": True}
            continue
        runs = R["runs"]
        agg = {k: med([x.get(k) for x in runs]) for k in runs[0]}
        for k in R["scores"][0]:
            agg[k] = med([x[k] for x in R["scores"]])
        agg["repeats"] = len(runs)
        agg["runs"] = runs
        agg["scores"] = R["scores"]
        agg["own_figures"] = R.get("own")
        agg["threads"] = {"healthtopics": "default (--threads = CPUs)", "healthtopics (flat TSV)": "default",
                          "fastText": f"-thread {os.cpu_count()}"}.get(s.name, "1")
        out[s.name] = agg
    base = out.get("healthtopics", {})
    for name, a in out.items():
        if a.get("failed") or base.get("failed") or not base:
            continue
        keys = ["train_s", "load_s", "train_rss_kb", "model_bytes"]
        keys += ["classify_mb_s", "classify_rss_kb"] if a.get("classify_mb_s") else []  # text in, text out only
        a["ratio_to_healthtopics"] = {k: (a[k] / base[k] if a.get(k) and base.get(k) else None) for k in keys}
    meta = {k: ds[k] for k in ("title", "multilabel", "n_train", "n_dev", "train_bytes", "thr_bytes", "labels")}
    meta.update({k: ds[k] for k in ("source", "export", "expected_units") if k in ds})
    meta.update(extra)
    for s in systems:
        if not (ds["name"] == "medquad" and s.name == "fastText"):  # the growth runs reuse the MedQuAD model
            s.cleanup()
    return {"meta": meta, "systems": out}, systems


# ---------------------------------------------------------------- growth


def growth(mq, mq_systems, main, failures):
    gdir = os.path.join(ARGS.work, "growth")
    os.makedirs(gdir, exist_ok=True)
    rows = read_tsv(mq["train_tsv"])
    train_res = {1: {n: {k: main["systems"][n].get(k) for k in ("train_s", "train_cpu_s", "train_rss_kb", "model_bytes")}
                     | {"source": "main table (median)"}
                     for n in ("healthtopics", "scikit-learn", "fastText") if not main["systems"][n].get("failed")}}
    sizes = {1: {"lines": len(rows), "bytes": os.path.getsize(mq["train_tsv"])}}
    tmp_sys = {"healthtopics": Healthtopics, "scikit-learn": Sklearn, "fastText": FastText}
    for k in (2, 4):
        tsv, ft = os.path.join(gdir, f"train-x{k}.tsv"), os.path.join(gdir, f"train-x{k}.ft")
        # copy c > 1 of every passage gets a copy-number token so that no two lines are identical
        big = [(labs, text + (f" copy{c}" if c > 1 else "")) for c in range(1, k + 1) for labs, text in rows]
        write_tsv(tsv, big)
        write_fasttext(ft, big, None)
        sizes[k] = {"lines": len(big), "bytes": os.path.getsize(tsv)}
        train_res[k] = {}
        for name, cls in tmp_sys.items():
            s = cls(dict(mq, name="growth"))
            try:
                if name == "healthtopics":
                    cmd = [ARGS.ht, "train", "--corpus", tsv, "--out", s.model]
                else:
                    cmd = s.train_cmd(ft if name == "fastText" else tsv)
                log(f"growth x{k} / {name}: train")
                t = measure(cmd, tag=f"growth {name} x{k}")
                if hasattr(s, "after_train"):
                    s.after_train()
                train_res[k][name] = {"train_s": t["wall"], "train_cpu_s": t["cpu"], "train_rss_kb": t["rss_kb"],
                                      "model_bytes": fsize(s.model), "source": "one run"}
            except BenchError as e:
                failures.append(f"growth x{k} / {name}: {e}")
                log(f"FAILED: {e}")
            s.cleanup()
        os.remove(ft)

    # classification by text size: texts cut from the MedQuAD passages, N per file (about 16 MB of text)
    stream = " ".join(tidy(t).replace("\n", " ") for _, t in rows).encode("utf-8")
    cls_res = {}
    loads = {n: main["systems"][n].get("load_s") for n in ("healthtopics", "scikit-learn", "fastText")}
    for size in SIZES:
        n = max(16, int(16 * MB // size))
        texts, pos = [], 0
        for _ in range(n):
            if pos + size > len(stream):
                pos = 0
            chunk = stream[pos:pos + size]
            while chunk and (chunk[-1] & 0xC0) == 0x80:  # do not split a UTF-8 sequence
                chunk = chunk[:-1]
            if chunk and chunk[-1] >= 0xC0:
                chunk = chunk[:-1]
            texts.append(chunk.decode("utf-8"))
            pos += size
        prefix = os.path.join(gdir, f"size-{size}")
        nbytes = write_texts(prefix, texts)
        one = prefix + "-single.txt"
        with open(one, "w", encoding="utf-8") as f:
            f.write(texts[0])
        entry = {"texts": n, "bytes": nbytes}
        for s in mq_systems:
            if s.name not in loads or not loads[s.name] or not os.path.exists(s.model):
                continue
            try:
                walls = [measure(s.classify_cmd(prefix), tag=f"{s.name} size {size}")["wall"] for _ in range(ARGS.repeats)]
                w = med(walls)
                net = w - loads[s.name]
                entry[s.name] = {"wall_s": w, "mb_s_incl_load": nbytes / MB / w,
                                 "mb_s_net_of_load": nbytes / MB / net if net > 0.02 else None,
                                 "ms_per_text_net": 1000 * net / n}
                if s.name == "healthtopics":  # one text, default mode: the whole file is the text
                    ws = [measure(s.single_text_cmd(one), tag=f"single text {size}")["wall"] for _ in range(ARGS.repeats)]
                    entry[s.name]["single_text_wall_ms"] = 1000 * med(ws)
            except BenchError as e:
                failures.append(f"size {size} / {s.name}: {e}")
        cls_res[size] = entry
        for p in (prefix + ".tsv", prefix + ".txt", one):
            os.remove(p)
    return {"train_sizes": sizes, "train": train_res, "classify_by_text_size": cls_res}


def plot(g, outdir):
    names = ("healthtopics", "scikit-learn", "fastText")
    dat = os.path.join(ARGS.work, "growth-train.dat")
    with open(dat, "w") as f:
        f.write("# scale  " + "  ".join(f"{n}_s {n}_rssMB {n}_cpu_s" for n in names) + "\n")
        for k in sorted(g["train"]):
            vals = []
            for n in names:
                e = g["train"][k].get(n) or {}
                vals += [e.get("train_s"), (e.get("train_rss_kb") or 0) / 1024 or None, e.get("train_cpu_s")]
            f.write(f"{k} " + " ".join("NaN" if v is None else f"{v:.4f}" for v in vals) + "\n")
    dat2 = os.path.join(ARGS.work, "growth-classify.dat")
    with open(dat2, "w") as f:
        f.write("# bytes_per_text  " + "  ".join(f"{n}_MBps" for n in names) + "\n")
        for size, e in sorted(g["classify_by_text_size"].items()):
            vals = [(e.get(n) or {}).get("mb_s_net_of_load") for n in names]
            f.write(f"{size} " + " ".join("NaN" if v is None else f"{v:.4f}" for v in vals) + "\n")
    made = []
    for term, ext in (("svg size 1200,420 dynamic background rgb 'white'", "svg"), ("pngcairo size 1200,420", "png")):
        out = os.path.join(outdir, "growth." + ext)
        cmd = ["gnuplot", "-e", f"trainfile='{dat}'; clsfile='{dat2}'; outfile='{out}'; term=\"{term}\"",
               os.path.join(HERE, "growth.gp")]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode == 0 and os.path.exists(out):
            made.append(out)
        else:
            log(f"gnuplot {ext}: {p.stderr.strip()[:300]}")
            if ext == "svg":
                raise BenchError("gnuplot failed to draw growth.svg")
    return made


# ---------------------------------------------------------------- report


def versions():
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip()
        except OSError:
            return ""

    def dpkg(p):
        return sh(f"dpkg-query -W -f='${{Version}}' {p} 2>/dev/null") or "?"

    import numpy
    import scipy
    import sklearn
    return {
        "healthtopics": sh(f"'{ARGS.ht}' --version").replace("healthtopics ", "", 1),
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__,
        "fasttext (Debian)": dpkg("fasttext"),
        "liblinear-tools (Debian)": dpkg("liblinear-tools"), "libsvm-tools (Debian)": dpkg("libsvm-tools"),
        "liblinear (linked by healthtopics)": dpkg("liblinear4"),
        "gcc": sh("gcc --version | head -1"), "cmake": sh("cmake --version | head -1"),
        "gnuplot": sh("gnuplot --version"), "GNU time (Debian)": dpkg("time"),
    }


def source_digest():
    """sha256 over the library's sources (src/, include/, CMake files): ties the figures to a source state."""
    import hashlib
    h, n = hashlib.sha256(), 0
    for top in ("src", "include", "cmake"):
        for root, dirs, files in os.walk(os.path.join(ARGS.repo, top)):
            dirs.sort()
            for name in sorted(files):
                p = os.path.join(root, name)
                h.update(os.path.relpath(p, ARGS.repo).encode() + b"\0" + open(p, "rb").read())
                n += 1
    h.update(open(os.path.join(ARGS.repo, "CMakeLists.txt"), "rb").read())
    return {"sha256": h.hexdigest()[:16], "files": n + 1}


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
            "os": subprocess.run(". /etc/os-release && echo $PRETTY_NAME", shell=True, capture_output=True,
                                 text=True).stdout.strip()}


def autogroup():
    """The scheduler autogroup of this process and its nice value (Linux), e.g. '/autogroup-11 nice -10'."""
    try:
        return open("/proc/self/autogroup").read().strip()
    except OSError:
        return None


def busy_processes():
    """Other processes using CPU when the run starts / ends (they disturb the timings)."""
    out = subprocess.run(["ps", "-eo", "pid,pcpu,comm", "--sort=-pcpu", "--no-headers"], capture_output=True,
                         text=True).stdout.splitlines()
    busy = []
    for line in out[:10]:
        pid, cpu, comm = line.split(None, 2)
        if float(cpu) >= 20 and int(pid) != os.getpid():
            busy.append(f"{comm} ({cpu}% CPU)")
    return busy


def f(v, fmt="{:.3f}", none="–"):
    return none if v is None else fmt.format(v)


def ratio(v):
    return "–" if v is None else f"{v:.2f}×"


def render(R):
    L = []
    m = R["meta"]
    L.append("# healthtopics benchmark results\n")
    L.append(f"Generated by `bash bench/run.sh{' --smoke' if m['smoke'] else ''} --repeats {m['repeats']}` "
             f"on {m['date']} (took {m['duration_s'] / 60:.1f} min). Do not edit by hand; rerun the harness. "
             "How to read it: bench/README.md.\n")
    mc = m["machine"]
    L.append(f"**Machine:** {mc['nproc']} CPUs ({mc['cpu']}), {mc['memory']} RAM, {mc['os']}, Linux {mc['kernel']}.  ")
    L.append("**Versions:** " + "; ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".  ")
    L.append(f"**Sources:** sha256 of src/, include/, cmake/, CMakeLists.txt = `{m['source_digest']['sha256']}`; "
             f"build: CMake Release (`-O3 -DNDEBUG`). Load average at start / end: "
             f"{' '.join(m['loadavg_start'])} / {' '.join(m.get('loadavg_end', []))}.\n")
    busy = sorted({b.split(" (")[0] for b in m.get("busy_processes_start", []) + m.get("busy_processes_end", [])})
    if float(m["loadavg_start"][0]) > 0.5 * mc["nproc"] or busy:
        L.append(f"**Warning:** the machine was not idle (load average {m['loadavg_start'][0]} at the start on "
                 f"{mc['nproc']} CPUs{'; busy: ' + ', '.join(busy) if busy else ''}); absolute timings are "
                 "pessimistic and multi-threaded tools are hit harder than single-threaded ones"
                 + (f". The harness ran at nice {m['nice']}" if m.get("nice") else "")
                 + (f". The harness's scheduler autogroup ran at nice {m['autogroup'].split('nice')[-1].strip()}, so it "
                    "got most of the CPU: compare each train s with its train CPU s to see how much was lost"
                    if m.get("autogroup") and not m["autogroup"].endswith("nice 0") else "") + ".\n")
    L.append(f"Figures are medians of {m['repeats']} runs unless marked. Ratios are *peer / healthtopics* from the "
             "same run: a train-time ratio above 1 means the peer is slower, a throughput ratio above 1 that the peer "
             "is faster, an RSS or size ratio above 1 that the peer uses more.\n")
    for key, D in R["datasets"].items():
        dm = D["meta"]
        L.append(f"## {dm['title']}\n")
        L.append(f"Train: {dm['n_train']} texts ({dm['train_bytes'] / MB:.1f} MB); scored on {dm['n_dev']} "
                 f"{'held-out' if key == 'project' else 'dev'} texts with bench/score.py. Classification throughput: "
                 f"{dm['thr_bytes'] / MB:.1f} MB of text, one text per line, single process, including model load.\n")
        ml = dm["multilabel"]
        head = (["system", "exact match", "micro-F1", "macro-F1"] if ml else ["system", "accuracy", "macro-F1"])
        head += ["train s", "ratio", "train CPU s", "classify MB/s", "ratio", "load ms", "train RSS MB",
                 "classify RSS MB", "model MB"]
        L.append("| " + " | ".join(head) + " |")
        L.append("|" + "---|" * len(head))
        for name, a in D["systems"].items():
            if a.get("failed"):
                L.append(f"| {name} | FAILED |" + " |" * (len(head) - 2))
                continue
            rt = a.get("ratio_to_healthtopics", {})
            once = " (1 run)" if a["repeats"] == 1 and m["repeats"] > 1 else ""
            cells = [name]
            cells += ([f(a["exact_match"]), f(a["micro_f1"]), f(a["macro_f1"])] if ml
                      else [f(a["accuracy"]), f(a["macro_f1"])])
            cells += [f(a["train_s"], "{:.2f}") + once + ("¹" if "liblinear" in name or "svm" in name else ""),
                      ratio(rt.get("train_s")) if name != "healthtopics" else "1", f(a["train_cpu_s"], "{:.1f}"),
                      f(a.get("classify_mb_s"), "{:.2f}", "n/a²"),
                      ratio(rt.get("classify_mb_s")) if name != "healthtopics" else "1",
                      f(a["load_s"] * 1000, "{:.0f}"), f(a["train_rss_kb"] / 1024, "{:.0f}"),
                      f(a["classify_rss_kb"] / 1024, "{:.0f}") + ("²" if not a.get("classify_mb_s") else ""),
                      f(a["model_bytes"] / MB, "{:.1f}")]
            L.append("| " + " | ".join(cells) + " |")
        L.append("")
        L.append("Ratios to healthtopics for the other figures (load time, train RSS, classify RSS, model size):\n")
        L.append("| system | load | train RSS | classify RSS | model size |")
        L.append("|---|---|---|---|---|")
        for name, a in D["systems"].items():
            if name == "healthtopics" or a.get("failed"):
                continue
            rt = a.get("ratio_to_healthtopics", {})
            L.append(f"| {name} | {ratio(rt.get('load_s'))} | {ratio(rt.get('train_rss_kb'))} | "
                     f"{ratio(rt.get('classify_rss_kb'))} | {ratio(rt.get('model_bytes'))} |")
        L.append("")
        notes = []
        if key == "medquad" and "vectorize_train_s" in dm:
            notes.append(f"¹ liblinear-train and svm-train learn from `healthtopics vectorize` output "
                         f"({dm['train_svm_mb']:.0f} MB of LIBSVM text; writing it took {dm['vectorize_train_s']:.1f} s, "
                         "not included). svm-train runs once. ² They read vectors, not text: no text throughput; "
                         "their classify RSS is `*-predict` on the dev vectors and load is `*-predict` on one vector.")
        for name, a in D["systems"].items():
            own = a.get("own_figures") if not a.get("failed") else None
            if own:
                mine = {k: a.get(k) for k in own if k in a}
                diff = [f"{k} {own[k]:.4f} (scorer {mine[k]:.4f})" for k in mine if abs(own[k] - mine[k]) > 5e-4]
                if diff:
                    notes.append(f"{name}{chr(39) if name.endswith('s') else chr(39) + 's'} own figures (`eval --json`) differ from the scorer's: " + ", ".join(diff) + ".")
                if own.get("heading_check"):
                    hc = own["heading_check"]
                    notes.append(f"healthtopics' predictions here come from `classify --article` on the held-out "
                                 f"articles as plain text (heading context as in real use); in "
                                 f"{hc['article_heading_flag_differs']} of {hc['units']} units the article segmenter's "
                                 f"heading flag differs from the corpus (`#` lines).")
        if key == "project":
            ex = dm.get("export", {})
            if any(v["cli_export"] != "ok" for v in ex.values()):
                notes.append("`healthtopics corpus export corpus/articles --format tsv` failed ("
                             + "; ".join(f"--split {k}: {v['cli_export']}" for k, v in ex.items())
                             + "); the TSV files come from bench/export_corpus.py (same reading of FORMAT.md, "
                             "unit counts checked against `healthtopics corpus stats`).")
            notes.append("fastText trains with `__label__none` for units with no topic (dropped when scoring); it "
                         "predicts with `predict-prob -1 0.5`. scikit-learn: OneVsRestClassifier(LinearSVC()).")
        for n in notes:
            L.append(f"- {n}")
        L.append("")
    g = R.get("growth")
    if g:
        names = ("healthtopics", "scikit-learn", "fastText")
        L.append("## Growth\n")
        L.append("Training on 1×, 2× and 4× the MedQuAD training set (copies carry a copy-number token so no lines "
                 "repeat). 1× is the main table's median; 2× and 4× are single runs.\n")
        L.append("Duplicating the data also lets every n-gram of the 1× set pass `min_df=2`, so the vocabulary (and the "
                 "models) jump from 1× to 2× and barely grow from 2× to 4×; 2× → 4× is the cleaner growth step. "
                 "CPU s (user + system) is less disturbed by other load than wall s.\n")
        L.append("| scale | lines | MB | " + " | ".join(f"{n} train s | CPU s | RSS MB" for n in names) + " |")
        L.append("|" + "---|" * (3 + 3 * len(names)))
        for k in sorted(g["train"], key=int):
            e, sz = g["train"][k], g["train_sizes"][k]
            cells = [f"{k}×", str(sz["lines"]), f"{sz['bytes'] / MB:.0f}"]
            for n in names:
                x = e.get(n) or {}
                cells += [f(x.get("train_s"), "{:.1f}"), f(x.get("train_cpu_s"), "{:.1f}"),
                          f((x.get("train_rss_kb") or 0) / 1024 or None, "{:.0f}")]
            L.append("| " + " | ".join(cells) + " |")
        L.append("")
        L.append("Classification by text size (MedQuAD models): files of N texts of one size (about 16 MB in all), one per line, "
                 "throughput net of the model load time measured above (`–` when the run is too short to tell); "
                 "for healthtopics also the wall time of classifying one such text as a whole file "
                 "(`healthtopics classify --model M FILE`, load included).\n")
        L.append("| bytes per text | texts | " + " | ".join(f"{n} MB/s" for n in names)
                 + " | healthtopics ms/text | healthtopics one text, ms incl. load |")
        L.append("|" + "---|" * (4 + len(names)))
        for size, e in sorted(g["classify_by_text_size"].items(), key=lambda x: int(x[0])):
            cells = [f"{int(size):,}", str(e["texts"])]
            cells += [f((e.get(n) or {}).get("mb_s_net_of_load"), "{:.2f}") for n in names]
            h = e.get("healthtopics") or {}
            cells += [f(h.get("ms_per_text_net"), "{:.3f}"), f(h.get("single_text_wall_ms"), "{:.0f}")]
            L.append("| " + " | ".join(cells) + " |")
        L.append("")
        L.append("![growth curves](growth.svg)\n")
    if R["failures"]:
        L.append("## Failures\n")
        L += [f"- {x}" for x in R["failures"]]
        L.append("")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------- main


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--ht", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--no-growth", action="store_true")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite RESULTS.md (and the growth plots) from OUT/results.json without measuring")
    ARGS = ap.parse_args()
    if ARGS.render_only:
        os.makedirs(ARGS.work, exist_ok=True)
        R = json.load(open(os.path.join(ARGS.out, "results.json")))
        if R.get("growth"):
            for k in ("train", "train_sizes"):
                R["growth"][k] = {int(x): v for x, v in R["growth"][k].items()}
            R["growth"]["classify_by_text_size"] = {int(x): v for x, v in R["growth"]["classify_by_text_size"].items()}
            plot(R["growth"], ARGS.out)
        with open(os.path.join(ARGS.out, "RESULTS.md"), "w") as fmd:
            fmd.write(render(R))
        return
    shared = os.path.join(os.path.dirname(os.path.abspath(ARGS.repo)), "shared", "data", "medquad")
    ARGS.medquad_train = os.environ.get("MEDQUAD_TRAIN", os.path.join(shared, "medquad-train.tsv"))
    ARGS.medquad_dev = os.environ.get("MEDQUAD_DEV", os.path.join(shared, "medquad-dev.tsv"))
    ARGS.medquad_missing = False
    for p in (ARGS.medquad_train, ARGS.medquad_dev):
        if not os.path.exists(p):
            if not ARGS.smoke:
                sys.exit(f"bench: {p} not found (set MEDQUAD_TRAIN / MEDQUAD_DEV)")
            ARGS.medquad_missing = True
    if ARGS.medquad_missing:
        log("MedQuAD not found (set MEDQUAD_TRAIN / MEDQUAD_DEV, or ../shared/data/medquad beside the repository); "
            "the smoke run uses the single-label units of the project's own corpus (corpus/articles) in its place")
    os.makedirs(ARGS.work, exist_ok=True)
    os.makedirs(ARGS.out, exist_ok=True)
    t0 = time.time()
    failures = []
    R = {"meta": {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "smoke": ARGS.smoke, "repeats": ARGS.repeats, "machine": machine(), "versions": versions(),
                  "source_digest": source_digest(), "loadavg_start": open("/proc/loadavg").read().split()[:3],
                  "busy_processes_start": busy_processes(), "nice": os.nice(0),
                  "autogroup": autogroup()},
         "datasets": {}, "failures": failures}
    log("preparing the datasets")
    dsets = prepare(os.path.join(ARGS.work, "data"))
    mq_systems = []
    for key in ("medquad", "project"):
        R["datasets"][key], systems = bench_dataset(dsets[key], failures)
        if key == "medquad":
            mq_systems = systems
    if not ARGS.smoke and not ARGS.no_growth:
        log("growth")
        R["growth"] = growth(dsets["medquad"], mq_systems, R["datasets"]["medquad"], failures)
        R["meta"]["figures"] = [os.path.basename(p) for p in plot(R["growth"], ARGS.out)]
    for s in mq_systems:
        s.cleanup()
    R["meta"]["duration_s"] = time.time() - t0
    R["meta"]["busy_processes_end"] = busy_processes()
    R["meta"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    with open(os.path.join(ARGS.out, "results.json"), "w") as fjson:
        json.dump(R, fjson, indent=1, default=str)
    with open(os.path.join(ARGS.out, "RESULTS.md"), "w") as fmd:
        fmd.write(render(R))
    log(f"wrote {ARGS.out}/RESULTS.md and results.json in {R['meta']['duration_s']:.0f} s")
    if failures:
        log(f"{len(failures)} failure(s):\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
