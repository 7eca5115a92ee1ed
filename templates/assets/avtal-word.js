/* The draft as a Word file, in the browser: the preview's HTML written as WordprocessingML into
 * the package parts `fcguide draft` uses (avtal/<region>-word.json, generator/form_word.py), with
 * the element mapping of generator/docx_render.py for what a draft has: the title, headings,
 * paragraphs, lists, tables and note boxes; ids become bookmarks, links to them hyperlinks to the
 * bookmark, links to the web hyperlinks with a relationship, other links text (Document.bookmark,
 * Document._link_target). Zipped with fflate. */
(function () {
  "use strict";
  function esc(t) { return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  var RELS = "word/_rels/document.xml.rels";
  var HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

  // Python-Markdown's toc extension: the id of a heading that has none (toc.slugify, toc.unique).
  function tocSlug(text) {
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").replace(/[^\w\s-]/g, "").trim().toLowerCase()
      .replace(/[-\s]+/g, "-");
  }
  function unique(id, used) {
    while (!id || used[id]) {
      var m = /^(.*)_([0-9]+)$/.exec(id);
      id = m ? m[1] + "_" + (Number(m[2]) + 1) : id + "_1";
    }
    used[id] = true;
    return id;
  }
  function headingIds(root) {
    var used = {}, ids = new Map();
    root.querySelectorAll("[id]").forEach(function (n) { used[n.id] = true; });
    root.querySelectorAll("h1,h2,h3,h4,h5,h6").forEach(function (h) {
      ids.set(h, h.id || unique(tocSlug(h.textContent), used));
    });
    return ids;
  }

  // What one Word file shares between its body and its table cells: bookmarks and relationships.
  function Links(word) {
    this.names = {};        // anchor -> bookmark name
    this.taken = {};        // bookmark names given
    this.count = 0;
    this.ids = {};          // bookmark name -> w:id, in the order they are placed
    this.placed = {};
    this.rels = [];         // [id, target] of external links
    this.relIds = {};
    this.relCount = 0;
    var have = {};
    (word.parts[RELS] || "").replace(/\bId="([^"]*)"/g, function (_, id) { have[id] = true; });
    this.haveRel = have;
  }
  // The draft is the document's only page (page number 0): its bookmarks are fc0 and fc0_<anchor>.
  Links.prototype.bookmark = function (anchor) {
    if (!(anchor in this.names)) {
      var name = (anchor ? "fc0_" + anchor.replace(/[^A-Za-z0-9_]/gu, "_") : "fc0");
      name = Array.from(name).slice(0, 36).join("");
      while (this.taken[name]) name = Array.from(name).slice(0, 32).join("") + "_" + (this.count % 1000);
      this.names[anchor] = name;
      this.taken[name] = true;
      this.count++;
    }
    return this.names[anchor];
  };
  Links.prototype.rel = function (target) {
    if (!(target in this.relIds)) {
      var id;   // docx_render.Document.rel's ids, none the package's parts already use
      do { id = "rIdFc" + (++this.relCount); } while (this.haveRel[id]);
      this.relIds[target] = id;
      this.rels.push([id, target]);
    }
    return this.relIds[target];
  };
  // The attributes of a w:hyperlink for href, or null for text (a link to another page is not in the file).
  Links.prototype.target = function (href) {
    if (/^(https?:|mailto:|tel:)/.test(href)) return 'r:id="' + this.rel(href) + '"';
    if (!href || /^[a-z][a-z0-9+.-]*:/.test(href)) return null;
    var cut = href.indexOf("#");
    if (cut !== 0) return null;
    return 'w:anchor="' + this.bookmark(href.slice(1)) + '"';
  };
  Links.prototype.xml = function (names) {
    var self = this, start = "", end = "";
    names.forEach(function (name) {
      if (self.placed[name]) return;   // a bookmark is placed once
      self.placed[name] = true;
      var id = self.ids[name] = Object.keys(self.ids).length + 1;
      start += '<w:bookmarkStart w:id="' + id + '" w:name="' + name + '"/>';
      end += '<w:bookmarkEnd w:id="' + id + '"/>';
    });
    return [start, end];
  };
  Links.prototype.relsXml = function (text) {
    return text.replace("</Relationships>", this.rels.map(function (r) {
      return '<Relationship Id="' + r[0] + '" Type="' + HYPERLINK + '" Target="' + esc(r[1]).replace(/"/g, "&quot;") +
             '" TargetMode="External"/>';
    }).join("") + "</Relationships>");
  };

  function Writer(word, links, ids) {
    this.w = word;
    this.links = links;
    this.ids = ids;
    this.body = [];
    this.nums = [];
    this.next = word.next_num;
    this.bullet = null;
  }
  Writer.prototype.style = function (name) { return this.w.styles[name]; };
  Writer.prototype.num = function (ordered) {
    if (!ordered && this.bullet !== null) return this.bullet;
    var id = this.next++;
    var over = ordered ? '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' : "";
    this.nums.push('<w:num w:numId="' + id + '"><w:abstractNumId w:val="' +
                   (ordered ? this.w.decimal_abstract : this.w.bullet_abstract) + '"/>' + over + "</w:num>");
    if (!ordered) this.bullet = id;
    return id;
  };
  // Runs of one paragraph: text with bold/italic, line breaks; whitespace collapsed as in HTML.
  Writer.prototype.runs = function (node, fmt, out) {
    var self = this;
    Array.prototype.forEach.call(node.childNodes, function (c) {
      if (c.nodeType === 3) { out.push({ t: c.data, f: fmt }); return; }
      if (c.nodeType !== 1) return;
      var tag = c.tagName.toLowerCase();
      if (tag === "br") { out.push({ br: true, f: fmt }); return; }
      if (tag === "ul" || tag === "ol" || tag === "table") return;
      var f = Object.assign({}, fmt);
      if (tag === "strong" || tag === "b") f.b = true;
      if (tag === "em" || tag === "i") f.i = true;
      if (tag === "code") f.code = true;
      if (tag === "a") {
        var target = self.links.target(c.getAttribute("href") || "");
        if (target !== null) f.link = { attrs: target };
      }
      self.runs(c, f, out);
    });
    return out;
  };
  Writer.prototype.para = function (runs, style, extra, bookmarks) {
    var self = this, xml = [], text = "", link = null;
    if (this.signing && (extra || "").indexOf("<w:keepNext/>") < 0) extra = "<w:keepNext/>" + (extra || "");
    runs.forEach(function (r) { if (!r.br) text += r.t; });
    // Collapse whitespace and trim the paragraph's ends (docx_render._collapse).
    var parts = [], prevSpace = true;
    runs.forEach(function (r) {
      if (r.br) { parts.push(r); prevSpace = true; return; }  // (its f kept: a line break inside a link)
      var t = r.t.replace(/[ \t\n\r]+/g, " ");
      if (prevSpace) t = t.replace(/^ /, "");
      if (t) { parts.push({ t: t, f: r.f }); prevSpace = / $/.test(t); }
    });
    while (parts.length && !parts[parts.length - 1].br && / $/.test(parts[parts.length - 1].t)) {
      var last = parts[parts.length - 1];
      last.t = last.t.replace(/ $/, "");
      if (!last.t) parts.pop(); else break;
    }
    if (!parts.length && !extra) return;
    var ppr = (style ? '<w:pStyle w:val="' + style + '"/>' : "") + (extra || "");
    var marks = this.links.xml(bookmarks || []);
    xml.push("<w:p>" + (ppr ? "<w:pPr>" + ppr + "</w:pPr>" : "") + marks[0]);
    parts.forEach(function (r) {
      var f = r.f || {};
      if (f.link !== link) {    // a link's runs inside its w:hyperlink (docx_render._runs)
        if (link) xml.push("</w:hyperlink>");
        if (f.link) xml.push("<w:hyperlink " + f.link.attrs + ">");
        link = f.link || null;
      }
      if (r.br) { xml.push("<w:r><w:br/></w:r>"); return; }
      var rpr = (f.link ? '<w:rStyle w:val="' + self.style("Hyperlink") + '"/>' : "") +
                (f.code ? '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>' : "") +
                (f.b ? "<w:b/><w:bCs/>" : "") + (f.i ? "<w:i/><w:iCs/>" : "");
      xml.push("<w:r>" + (rpr ? "<w:rPr>" + rpr + "</w:rPr>" : "") + '<w:t xml:space="preserve">' + esc(r.t) + "</w:t></w:r>");
    });
    if (link) xml.push("</w:hyperlink>");
    xml.push(marks[1] + "</w:p>");
    this.body.push(xml.join(""));
    return text;
  };
  Writer.prototype.blocks = function (node, ctx) {
    var self = this;
    Array.prototype.forEach.call(node.children, function (c) { self.block(c, ctx); });
  };
  Writer.prototype.block = function (el, ctx) {
    var tag = el.tagName.toLowerCase(), m = /^h([1-6])$/.exec(tag);
    var box = ctx.box ? this.style("Faktaruta") : null;
    if (m) {
      var level = Number(m[1]);
      var style = level === 1 ? this.style("Title") : this.style("heading " + Math.max(1, Math.min(level - 1, 4)));
      // The draft's signature page (docx_render._heading): a page of its own, each party's lines together.
      var extra = "";
      if (el.classList.contains("fc-underskrifter")) { this.signing = true; extra = "<w:pageBreakBefore/>"; }
      else if (this.signing && this.body.length) this.body[this.body.length - 1] = this.body[this.body.length - 1].replace("<w:keepNext/>", "");
      if (this.signing) extra = "<w:keepNext/>" + extra;
      var marks = level === 1 ? [this.links.bookmark("")] : [], id = this.ids.get(el);
      if (id) marks.push(this.links.bookmark(id));
      this.para(this.runs(el, {}, []), style, extra, marks);
    } else if (tag === "p") {
      var fmt = el.classList.contains("admonition-title") ? { b: true } : {};
      var pmarks = el.id ? [this.links.bookmark(el.id)] : [];
      this.para(this.runs(el, fmt, []), box, "", pmarks);
    } else if (tag === "ul" || tag === "ol") {
      this.list(el, ctx, tag === "ol", 0);
    } else if (tag === "table") {
      this.table(el, ctx);
    } else if (tag === "div" || tag === "section" || tag === "blockquote" || tag === "details") {
      this.blocks(el, { box: ctx.box || el.classList.contains("admonition") });
    } else if (tag === "dl") {
      var self = this;
      Array.prototype.forEach.call(el.children, function (item) {
        var t = item.tagName.toLowerCase();
        if (t === "dt") self.para(self.runs(item, { b: true }, []), box, "<w:keepNext/>");
        else if (t === "dd") self.para(self.runs(item, {}, []), box, '<w:ind w:left="360"/>');
      });
    } else if (tag === "hr") {
      return;
    } else {
      this.para(this.runs(el, {}, []), box);
    }
  };
  Writer.prototype.list = function (el, ctx, ordered, level) {
    var self = this, num = this.num(ordered);
    Array.prototype.forEach.call(el.children, function (li) {
      if (li.tagName.toLowerCase() !== "li") return;
      var numPr = '<w:numPr><w:ilvl w:val="' + level + '"/><w:numId w:val="' + num + '"/></w:numPr>' +
                  '<w:ind w:left="' + (360 + 360 * (level + 1)) + '" w:hanging="360"/>';
      var style = ctx.box ? self.style("Faktaruta") : self.style("List Paragraph");
      var paras = Array.prototype.filter.call(li.children, function (c) { return c.tagName.toLowerCase() === "p"; });
      var marks = li.id ? [self.links.bookmark(li.id)] : [];
      if (paras.length) {
        paras.forEach(function (p, i) { self.para(self.runs(p, {}, []), style, i ? "" : numPr, i ? [] : marks); });
      } else {
        self.para(self.runs(li, {}, []), style, numPr, marks);
      }
      Array.prototype.forEach.call(li.children, function (c) {
        var t = c.tagName.toLowerCase();
        if (t === "ul" || t === "ol") self.list(c, ctx, t === "ol", level + 1);
      });
    });
  };
  Writer.prototype.table = function (el) {
    var self = this, rows = Array.prototype.slice.call(el.querySelectorAll("tr"));
    if (!rows.length) return;
    var ncols = Math.max.apply(null, rows.map(function (r) { return r.children.length; }));
    var widths = this.widths(rows, ncols);
    var out = ['<w:tbl><w:tblPr><w:tblStyle w:val="' + this.style("Table Grid") + '"/><w:tblW w:w="' +
               widths.reduce(function (a, b) { return a + b; }, 0) +
               '" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" ' +
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'];
    for (var j = 0; j < ncols; j++) out.push('<w:gridCol w:w="' + widths[j] + '"/>');
    out.push("</w:tblGrid>");
    rows.forEach(function (tr) {
      var header = tr.parentNode.tagName.toLowerCase() === "thead";
      out.push("<w:tr><w:trPr><w:cantSplit/>" + (header ? "<w:tblHeader/>" : "") + "</w:trPr>");
      for (var j = 0; j < ncols; j++) {
        var cell = tr.children[j], inner = new Writer(self.w, self.links, self.ids);
        if (cell) inner.para(inner.runs(cell, cell.tagName.toLowerCase() === "th" ? { b: true } : {}, []), null, header ? "<w:keepNext/>" : "");
        out.push('<w:tc><w:tcPr><w:tcW w:w="' + widths[j] + '" w:type="dxa"/></w:tcPr>' + (inner.body.join("") || "<w:p/>") + "</w:tc>");
      }
      out.push("</w:tr>");
    });
    out.push("</w:tbl>");
    if (this.body.length && /^<w:tbl>/.test(this.body[this.body.length - 1])) this.body.push("<w:p/>");
    this.body.push(out.join(""));
  };

  // Widths that fit the content (docx_render._column_widths): no word broken inside, the rest
  // shared by how much text a column holds (its longest cell, dampened by a square root).
  Writer.prototype.widths = function (rows, ncols) {
    var total = this.w.text_width, longest = [], amount = [], empty = [], j;
    for (j = 0; j < ncols; j++) { longest[j] = 1; amount[j] = 1; empty[j] = true; }
    rows.forEach(function (tr) {
      var header = tr.parentNode.tagName.toLowerCase() === "thead" ||
                   Array.prototype.every.call(tr.children, function (c) { return c.tagName.toLowerCase() === "th"; });
      Array.prototype.slice.call(tr.children, 0, ncols).forEach(function (cell, k) {
        var text = cell.textContent.replace(/[ \t\n\r]+/g, " ").trim(), words = text.split(" ");
        longest[k] = Math.max(longest[k], Math.max.apply(null, words.map(function (w) { return w.length; })) + (header ? 1 : 0));
        amount[k] = Math.max(amount[k], text.length);
        if (!header && text) empty[k] = false;
      });
    });
    for (j = 0; j < ncols; j++) if (empty[j] && rows.length > 1) amount[j] = Math.max(amount[j], 30);
    var w = this.w, minimum = longest.map(function (l) { return l * w.char_twips + w.cell_margin; });
    var sum = function (a) { return a.reduce(function (x, y) { return x + y; }, 0); }, widths;
    if (sum(minimum) >= total) {
      widths = minimum.map(function (m) { return Math.floor(m * total / sum(minimum)); });
    } else {
      var weight = amount.map(function (a) { return Math.sqrt(Math.max(a, 4)); });
      widths = weight.map(function (x) { return Math.floor(total * x / sum(weight)); });
      var short = sum(minimum.map(function (m, k) { return Math.max(0, m - widths[k]); }));
      if (short) {
        var surplus = widths.map(function (x, k) { return Math.max(0, x - minimum[k]); }), all = sum(surplus);
        widths = widths.map(function (x, k) { return Math.max(x, minimum[k]) - (surplus[k] ? Math.floor(short * surplus[k] / all) : 0); });
      }
    }
    widths[ncols - 1] += total - sum(widths);
    return widths;
  };

  function docx(preview, word, info) {
    var wr = new Writer(word, new Links(word), headingIds(preview));
    wr.blocks(preview, {});
    var files = {}, P = word.placeholders;
    word.order.forEach(function (name) {
      var text = word.parts[name];
      if (name === "word/document.xml") {
        text = text.replace(/<w:body>[\s\S]*?(<w:sectPr)/, function (_, s) { return "<w:body>" + wr.body.join("") + s; });
      } else if (name === RELS) {
        text = wr.links.relsXml(text);
      } else if (name === word.numbering_part) {
        text = text.replace("</w:numbering>", wr.nums.join("") + "</w:numbering>");
      }
      text = text.split(P.name).join(esc(info.name)).split(P.date).join(esc(info.date)).split(P.title).join(esc(info.title)).split(P.hash).join(esc(info.hash));
      files[name] = fflate.strToU8(text);
    });
    return fflate.zipSync(files, { level: 6, mtime: new Date(1980, 0, 2) });
  }
  window.FCWord = { docx: docx };
})();
