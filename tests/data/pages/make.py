#!/usr/bin/env python3
"""Write each test page (pages.py, written for the project) as HTML, Markdown and browser-copied text.

The HTML is a whole page as a CMS would serve it: head, scripts, styles, site header and navigation, cookie
banner, breadcrumbs, share widget, comments, footer. The Markdown is the article as a CMS exports it. The text
is the article as a browser copies it: headings and list items on their own lines with the paragraph on the
very next line, "• " bullets. Inline markup in pages.py: **strong**, *em*, [text](url), ^ for a line break.

    python3 tests/data/pages/make.py      (rewrites tests/data/pages/*.html, *.md, *.txt)
"""
import html, os, re
from pages import PAGES

HERE = os.path.dirname(os.path.abspath(__file__))
ENT = {"\u2019": "&rsquo;", "\u2018": "&lsquo;", "\u201c": "&ldquo;", "\u201d": "&rdquo;", "\u2013": "&ndash;",
       "\u00b7": "&middot;", "\u00a0": "&nbsp;"}


def to_html(s):
    s = html.escape(s, quote=False)
    for k, v in ENT.items():
        s = s.replace(k, v)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"\*(.+?)\*", r"<em>\1</em>", s)
    s = re.sub(r"\[(.+?)\]\((.+?)\)", r'<a href="\2">\1</a>', s)
    return s.replace("^", "<br>\n")


def to_md(s):
    return s.replace("^", "  \n")


def to_txt(s):
    s = re.sub(r"\*\*(.+?)\*\*", r"\1", s)
    s = re.sub(r"\*(.+?)\*", r"\1", s)
    s = re.sub(r"\[(.+?)\]\((.+?)\)", r"\1", s)
    return s.replace("^", "\n")


def wrap(s, width=110):
    out, line = [], ""
    for w in s.split(" "):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = line + " " + w if line else w
    out.append(line)
    return "\n".join(out)


def page_html(p):
    site = p["site"]
    o = ['<!DOCTYPE html>', '<html lang="en-GB">', '<head>', '<meta charset="utf-8">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f'<title>{to_html(p["title"])} | {site}</title>',
         '<style>body{font:16px/1.5 sans-serif;max-width:46rem;margin:auto} .share a{margin:0 .3em}</style>',
         '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}'
         ' gtag("js",new Date());if(1<2&&document.cookie.indexOf("ok")<0){console.log("<p>not a unit</p>")}</script>',
         '</head>', '<body>',
         f'<header class="site-header"><a class="logo" href="/">{site}</a>',
         '<nav aria-label="Main"><ul>' + "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in p["nav"]) +
         '</ul></nav></header>',
         f'<div id="cookie-consent" class="cookie-banner"><p>We use cookies to see how {site} is used and to '
         'remember your choices.</p><button>Accept all</button><button>Reject</button></div>',
         '<nav class="breadcrumbs">' + " &rsaquo; ".join(f'<a href="#">{b}</a>' for b in p["crumbs"]) + '</nav>',
         '<main id="content">', f'<article class="{p["kind"]}">']
    stack_section = False
    for b in p["body"]:
        t = b[0]
        if t == "h1":
            o.append(f"<h1>{to_html(b[1])}</h1>")
        elif t == "h2":
            if stack_section:
                o.append("</section>")
            o.append(f"<section>\n<h2>{to_html(b[1])}</h2>")
            stack_section = True
        elif t == "h3":
            o.append(f"<h3>{to_html(b[1])}</h3>")
        elif t == "byline":
            o.append(f'<p class="byline">{to_html(b[1])}</p>')
        elif t == "p":
            o.append("<p>" + wrap(to_html(b[1])) + "</p>")
        elif t in ("ul", "ol"):
            o.append(f"<{t}>")
            for it in b[1]:
                o.append(f"  <li>{to_html(it)}</li>")
            o.append(f"</{t}>")
        elif t == "quote":
            o.append(f"<blockquote><p>{wrap(to_html(b[1]))}</p></blockquote>")
        elif t == "table":
            o.append('<table class="spec">')
            o.append("<tr>" + "".join(f"<th>{to_html(c)}</th>" for c in b[1][0]) + "</tr>")
            for r in b[1][1:]:
                o.append("<tr>" + "".join(f"<td>{to_html(c)}</td>" for c in r) + "</tr>")
            o.append("</table>")
    if stack_section:
        o.append("</section>")
    o.append('<div class="share-buttons">Share this: <a href="#">Facebook</a> &middot; <a href="#">X</a> '
             '&middot; <a href="#">Email</a></div>')
    o.append("</article>")
    if p.get("comments"):
        o.append('<section id="comments"><h2>Comments</h2>')
        for c in p["comments"]:
            o.append(f'<div class="comment"><p>{to_html(c)}</p></div>')
        o.append("</section>")
    o.append("</main>")
    o.append(f'<aside class="related"><h2>You might also like</h2><ul>' +
             "".join(f'<li><a href="#">{to_html(r)}</a></li>' for r in p["related"]) + "</ul></aside>")
    o.append(f'<footer><p>&copy; 2026 {site}. This page is general information, not medical advice.</p>'
             '<form action="/subscribe"><label>Newsletter</label><input type="email" name="e"></form></footer>')
    o.append('<script src="/js/app.js" async></script>')
    o.append("</body>\n</html>\n")
    return "\n".join(o)


def page_md(p):
    o = []
    for b in p["body"]:
        t = b[0]
        if t == "h1":
            o.append(f"{to_md(b[1])}\n{'=' * len(b[1])}")
        elif t == "h2":
            o.append(f"## {to_md(b[1])}")
        elif t == "h3":
            o.append(f"### {to_md(b[1])}")
        elif t in ("byline", "p"):
            o.append(wrap(to_md(b[1]), 100))
        elif t == "ul":
            o.append("\n".join(f"- {to_md(it)}" for it in b[1]))
        elif t == "ol":
            o.append("\n".join(f"{i + 1}. {to_md(it)}" for i, it in enumerate(b[1])))
        elif t == "quote":
            o.append("\n".join("> " + l for l in wrap(to_md(b[1]), 90).split("\n")))
        elif t == "table":
            rows = b[1]
            o.append("\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])] +
                               ["| " + " | ".join(r) + " |" for r in rows[1:]]))
    return "\n\n".join(o) + "\n"


def page_txt(p):
    o = []  # (text, blank line after)
    for b in p["body"]:
        t = b[0]
        if t in ("h1", "h2", "h3"):
            o.append((to_txt(b[1]), False))
        elif t in ("byline", "p", "quote"):
            o.append((to_txt(b[1]), True))
        elif t in ("ul", "ol"):
            for it in b[1]:
                o.append(("\u2022 " + to_txt(it), False))
            o[-1] = (o[-1][0], True)
        elif t == "table":
            for r in b[1]:
                o.append(("\t".join(r), True))
    s = ""
    for text, blank in o:
        s += text + ("\n\n" if blank else "\n")
    return s


for p in PAGES:
    base = os.path.join(HERE, p["name"])
    for ext, fn in (("html", page_html), ("md", page_md), ("txt", page_txt)):
        with open(f"{base}.{ext}", "w", encoding="utf-8") as f:
            f.write(fn(p))
