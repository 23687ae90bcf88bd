#!/bin/bash
# tex_oracle.sh: hyphenate words with LuaTeX, to check render/hyphen against TeX.
#
# Usage: tex_oracle.sh TAG LEFT RIGHT APOS < words.txt > hyphenated.txt
#   TAG    hyph-utf8 tag of the pattern files in ../patterns (en-us, de-1996, ...)
#   LEFT, RIGHT  \lefthyphenmin and \righthyphenmin
#   APOS   1 to make ' and ’ letters (as babel does for French and Italian), else 0
# One word per line in, the same word with "-" at each break out.
#
# Needs luatex and cmr10.tfm (Debian: texlive-binaries, texlive-base). Not run by
# go test. Compare with render/hyphen's Points on the same words.
set -euo pipefail
dir=$(cd "$(dirname "$0")/../patterns" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/in.txt"
cat > "$work/oracle.lua" <<'LUA'
local function readfile(p) local f = io.open(p, "rb"); if not f then return "" end; local s = f:read("*a"); f:close(); return s end
local pat, hyp, words = readfile(os.getenv("PAT")), readfile(os.getenv("HYP")), readfile(os.getenv("IN"))
local left, right, apos = tonumber(os.getenv("LEFT")), tonumber(os.getenv("RIGHT")), os.getenv("APOS") == "1"
local l = lang.new()
local seen = {}
local function setcodes(s)
  for _, c in utf8.codes(s) do
    if not seen[c] then
      seen[c] = true
      local ch = utf8.char(c)
      if ch:match("^[%d%.%-%s]$") then
      elseif c == 39 or c == 0x2019 then
        if apos then tex.setlccode(c, c); l:sethjcode(c, c) end
      else
        local lc = utf8.codepoint(unicode.utf8.lower(ch))
        tex.setlccode(c, lc); l:sethjcode(c, lc)
        if lc ~= c then tex.setlccode(lc, lc); l:sethjcode(lc, lc) end
      end
    end
  end
end
setcodes(pat); setcodes(hyp); setcodes(words)
l:patterns(pat)
if hyp ~= "" then l:hyphenation(hyp) end
local out = io.open(os.getenv("OUT"), "w")
for word in words:gmatch("[^\n]+") do
  local head = node.new("glue")
  local tail = head
  for _, c in utf8.codes(word) do
    local g = node.new("glyph")
    g.char, g.lang, g.left, g.right, g.uchyph, g.font, g.subtype = c, l:id(), left, right, 1, font.current(), 1
    tail.next = g; g.prev = tail; tail = g
  end
  local gl = node.new("glue"); tail.next = gl; gl.prev = tail; tail = gl
  lang.hyphenate(head, tail)
  local s = {}
  for n in node.traverse(head) do
    if n.id == node.id("glyph") then s[#s + 1] = utf8.char(n.char)
    elseif n.id == node.id("disc") then s[#s + 1] = "-" end
  end
  out:write(table.concat(s), "\n")
  node.flush_list(head)
end
out:close()
LUA
cd "$work"
PAT="$dir/hyph-$1.pat.txt" HYP="$dir/hyph-$1.hyp.txt" LEFT=$2 RIGHT=$3 APOS=$4 IN="$work/in.txt" OUT="$work/out.txt" \
  luatex --ini --interaction=nonstopmode \
  '\catcode`\{=1 \catcode`\}=2 \font\x=cmr10 \x \hyphenchar\x=45 \directlua{dofile("oracle.lua")}\end' >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
cat "$work/out.txt"
