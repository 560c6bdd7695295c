<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by the three page stylesheets: the page frame (head with its Content-Security-Policy,
  navigation, search box, view switch) and the rendering of TEI phrase-level markup.
  Source text only ever reaches the output as text nodes or attribute values, which the
  serializer escapes; no template copies source markup or builds markup from strings.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    exclude-result-prefixes="tei e">

  <!-- only the edition's own files; Pagefind compiles its WebAssembly search engine -->
  <xsl:variable name="csp">default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'</xsl:variable>

  <!-- the page frame: $root is the way back to the edition folder ('' or '../'). The main
       content is each stylesheet's template for / in mode "content", applied in place (as
       a parameter it was a tree fragment built, then copied whole: an eighth of a page) -->
  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="root"/>
    <xsl:param name="here"/>
    <xsl:param name="switch" select="false()"/>
    <!-- the way to the html/ folder: 'html/' from the edition folder, '' inside it -->
    <xsl:variable name="html">
      <xsl:if test="$root = ''">html/</xsl:if>
    </xsl:variable>
    <html lang="en">
      <head>
        <meta http-equiv="Content-Security-Policy" content="{$csp}"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="icon" href="{$html}assets/icon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="{$html}assets/edition.css"/>
        <link rel="stylesheet" href="{$html}pagefind/pagefind-ui.css"/>
        <script src="{$html}pagefind/pagefind-ui.js" defer="defer"></script>
        <script src="{$html}assets/edition.js" defer="defer"></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <xsl:if test="$switch">
          <input class="view-radio" type="radio" name="view" id="view-diplomatic" checked="checked"/>
          <input class="view-radio" type="radio" name="view" id="view-reading"/>
        </xsl:if>
        <header class="site">
          <nav aria-label="Edition">
            <a href="{$root}index.html">
              <xsl:if test="$here = 'index'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
              <xsl:text>Documents</xsl:text>
            </a>
            <a href="{$root}people.html">
              <xsl:if test="$here = 'people'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
              <xsl:text>People and places</xsl:text>
            </a>
          </nav>
          <xsl:if test="$switch">
            <div class="view-switch" role="group" aria-label="View">
              <span class="view-caption" aria-hidden="true">View:</span>
              <label for="view-diplomatic" title="Everything on the page: banners, stamps, portion markings">Diplomatic</label>
              <label for="view-reading" title="The conversation without page furniture and portion markings">Reading</label>
            </div>
          </xsl:if>
          <div class="search" role="search" aria-label="Search the edition">
            <div id="search" data-bundle="{$html}pagefind/" data-root="{$root}"></div>
            <noscript><p class="noscript">Search needs JavaScript; the <a href="{$root}index.html">list of documents</a> works without it.</p></noscript>
          </div>
        </header>
        <main id="main">
          <xsl:apply-templates select="/" mode="content"/>
        </main>
        <footer class="site">
          <p>A TEI P5 edition made with memcon-encoder. Every page is generated from the TEI files in <a href="{$root}tei/">tei/</a>.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ISO date (YYYY-MM-DD…) as "1 January 2000" -->
  <xsl:template name="human-date">
    <xsl:param name="iso"/>
    <xsl:variable name="m" select="number(substring($iso, 6, 2))"/>
    <xsl:variable name="d" select="number(substring($iso, 9, 2))"/>
    <xsl:if test="string-length($iso) &gt;= 10"><xsl:value-of select="$d"/><xsl:text> </xsl:text></xsl:if>
    <xsl:if test="string-length($iso) &gt;= 7">
      <xsl:value-of select="substring-before(substring-after(
        '|01January|02February|03March|04April|05May|06June|07July|08August|09September|10October|11November|12December|',
        concat('|', substring($iso, 6, 2))), '|')"/>
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>

  <!-- a TEI document's own date: the call's, else the header's origDate, else the article's -->
  <xsl:template name="doc-date">
    <xsl:param name="tei" select="."/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:choose>
      <xsl:when test="$h//tei:setting/tei:date/@from"><xsl:value-of select="substring($h//tei:setting/tei:date/@from, 1, 10)"/></xsl:when>
      <xsl:when test="$h//tei:origDate/@when"><xsl:value-of select="$h//tei:origDate/@when"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$h//tei:sourceDesc//tei:date/@when"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="classification">
    <xsl:param name="tei" select="."/>
    <xsl:param name="caveats" select="true()"/>
    <!-- the level, then its caveats (catRef target="#S #NODIS": "Secret; No distribution");
         the level alone where a single value is wanted (the search filter) -->
    <xsl:variable name="target" select="concat(' ', normalize-space($tei//tei:textClass/tei:catRef/@target), ' ')"/>
    <xsl:for-each select="$tei//tei:taxonomy/tei:category[contains($target, concat(' #', @xml:id, ' '))]">
      <xsl:if test="position() = 1 or $caveats">
        <xsl:if test="position() &gt; 1">; </xsl:if>
        <xsl:value-of select="tei:catDesc"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="wikidata">
    <xsl:param name="q"/>
    <xsl:if test="starts-with($q, 'Q') and string-length($q) &gt; 1 and translate(substring($q, 2), '0123456789', '') = ''">
      <xsl:text> </xsl:text>
      <a class="wikidata" href="https://www.wikidata.org/wiki/{$q}" rel="external">
        <span class="visually-hidden">Wikidata </span><xsl:value-of select="$q"/>
      </a>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
