<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI document as its reading page. Input: e:page holding the document's TEI, its speakers
  with their number in the edition's speaker list (for one colour per person across pages) and
  a summary (id, title, date) of each document it links to. Diplomatic first: everything of the source is
  shown where it stands; the reading view (CSS only) hides what has class "furniture".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    xmlns:exsl="http://exslt.org/common"
    xmlns:svg="http://www.w3.org/2000/svg"
    extension-element-prefixes="exsl"
    exclude-result-prefixes="tei e exsl svg">

  <xsl:include href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:key name="person" match="tei:person" use="@xml:id"/>
  <xsl:key name="place" match="tei:place" use="@xml:id"/>
  <xsl:key name="note-for" match="tei:note[@target]" use="substring-after(@target, '#')"/>
  <xsl:key name="speaker" match="e:speaker" use="@who"/>
  <xsl:key name="doc" match="e:doc" use="@file"/>
  <xsl:key name="sp-by" match="tei:sp" use="@who"/>
  <!-- Each speech's number (its id, sp-N) is its place among the document's speeches,
       counted once for the page and looked up by the speech's generate-id(): counting the
       speeches before each one (xsl:number level="any") made a page of n speeches cost n²,
       4 s for 4,000. -->
  <xsl:key name="sp-number" match="e:sp-number" use="@of"/>
  <xsl:variable name="sp-numbers">
    <xsl:for-each select="/e:page/tei:TEI//tei:sp">
      <e:sp-number of="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
  </xsl:variable>

  <xsl:variable name="tei" select="/e:page/tei:TEI"/>
  <xsl:variable name="id" select="$tei/@xml:id"/>
  <xsl:variable name="h" select="$tei/tei:teiHeader"/>
  <xsl:variable name="title" select="$h/tei:fileDesc/tei:titleStmt/tei:title[@type='main']"/>
  <xsl:variable name="is-article" select="boolean($tei/tei:text/tei:body/tei:div[@type='article'])"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="concat($title, ' — memcon edition')"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="here" select="'document'"/>
      <xsl:with-param name="switch" select="not($is-article)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's main content: common.xsl's page template applies it in place -->
  <xsl:template match="/" mode="content">
        <article class="document" aria-labelledby="doc-title">
          <xsl:call-template name="card"/>
          <xsl:if test="$tei//tei:sp">
            <xsl:call-template name="word-share"/>
          </xsl:if>
          <section class="transcription" aria-label="Transcription" data-pagefind-body="">
            <xsl:call-template name="filters"/>
            <xsl:apply-templates select="$tei/tei:text"/>
          </section>
          <xsl:call-template name="cite"/>
        </article>
  </xsl:template>

  <!-- ============ header card ============ -->
  <xsl:template name="card">
    <header class="card">
      <p class="kind"><xsl:value-of select="$h//tei:titleStmt/tei:title[@type='sub' or @type='desc'][last()]"/></p>
      <h1 id="doc-title" data-pagefind-meta="title"><xsl:value-of select="$title"/></h1>
      <xsl:if test="$is-article and $h//tei:titleStmt/tei:title[@type='sub']">
        <p class="subtitle"><xsl:value-of select="$h//tei:titleStmt/tei:title[@type='sub']"/></p>
      </xsl:if>
      <dl class="facts">
        <xsl:variable name="setting" select="$h//tei:settingDesc/tei:setting"/>
        <dt>Date</dt>
        <dd>
          <xsl:variable name="date"><xsl:call-template name="doc-date"><xsl:with-param name="tei" select="$tei"/></xsl:call-template></xsl:variable>
          <time datetime="{$date}" data-pagefind-meta="date"><xsl:call-template name="human-date"><xsl:with-param name="iso" select="$date"/></xsl:call-template></time>
          <xsl:for-each select="$setting/tei:date[contains(@from, 'T')]">
            <xsl:text>, </xsl:text>
            <time datetime="{@from}"><xsl:value-of select="substring(@from, 12, 5)"/></time>
            <xsl:if test="contains(@to, 'T')">
              <xsl:text>–</xsl:text>
              <time datetime="{@to}"><xsl:value-of select="substring(@to, 12, 5)"/></time>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="string-length(@from) &gt; 19">
                <xsl:text> (UTC</xsl:text><xsl:value-of select="translate(substring(@from, 20), '-', '−')"/><xsl:text>)</xsl:text>
              </xsl:when>
              <xsl:otherwise><xsl:text> (time zone not stated)</xsl:text></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </dd>
        <xsl:if test="$setting/tei:placeName">
          <dt>Place</dt>
          <dd><xsl:value-of select="$setting/tei:placeName"/></dd>
        </xsl:if>
        <xsl:call-template name="role-row"><xsl:with-param name="role" select="'participant'"/><xsl:with-param name="label" select="'Participants'"/></xsl:call-template>
        <xsl:call-template name="role-row"><xsl:with-param name="role" select="'author'"/><xsl:with-param name="label" select="'Author'"/></xsl:call-template>
        <xsl:call-template name="role-row"><xsl:with-param name="role" select="'notetaker'"/><xsl:with-param name="label" select="'Notetakers'"/></xsl:call-template>
        <xsl:call-template name="role-row"><xsl:with-param name="role" select="'interpreter'"/><xsl:with-param name="label" select="'Interpreters'"/></xsl:call-template>
        <xsl:call-template name="role-row"><xsl:with-param name="role" select="'mentioned'"/><xsl:with-param name="label" select="'Also mentioned'"/></xsl:call-template>
        <xsl:if test="$h//tei:textClass/tei:catRef">
          <dt>Classification</dt>
          <dd><span class="classification"><xsl:call-template name="classification"><xsl:with-param name="tei" select="$tei"/></xsl:call-template></span>
            <xsl:text> (the highest marking in the document)</xsl:text></dd>
        </xsl:if>
        <xsl:if test="$h//tei:custEvent">
          <dt>History</dt>
          <dd>
            <ol class="history">
              <xsl:for-each select="$h//tei:custEvent">
                <li class="event-{@type}">
                  <time datetime="{@when}"><xsl:call-template name="human-date"><xsl:with-param name="iso" select="@when"/></xsl:call-template></time>
                  <xsl:text> — </xsl:text>
                  <span class="event-kind"><xsl:value-of select="translate(substring(@type, 1, 1), 'cd', 'CD')"/><xsl:value-of select="substring(@type, 2)"/></span>
                  <xsl:text>: </xsl:text>
                  <xsl:value-of select="."/>
                </li>
              </xsl:for-each>
            </ol>
          </dd>
        </xsl:if>
        <xsl:if test="$h//tei:msIdentifier">
          <dt>Source</dt>
          <dd>
            <xsl:for-each select="$h//tei:msIdentifier/tei:repository | $h//tei:msIdentifier/tei:collection | $h//tei:msIdentifier/tei:idno | $h//tei:extent/tei:measure">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:if test="self::tei:idno"><xsl:value-of select="@type"/><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </dd>
        </xsl:if>
        <xsl:if test="$h//tei:sourceDesc/tei:bibl">
          <dt>Published in</dt>
          <dd><xsl:for-each select="$h//tei:sourceDesc/tei:bibl/*"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></dd>
        </xsl:if>
        <xsl:for-each select="$h//tei:notesStmt/tei:relatedItem">
          <xsl:variable name="doc" select="key('doc', @target)"/>
          <dt><xsl:choose><xsl:when test="@type = 'discusses'">Discusses</xsl:when><xsl:otherwise>Commentary</xsl:otherwise></xsl:choose></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$doc"><a class="related" href="{$doc/@id}.html"><xsl:value-of select="$doc/@title"/></a>
                <xsl:text> (</xsl:text><xsl:call-template name="human-date"><xsl:with-param name="iso" select="$doc/@date"/></xsl:call-template><xsl:text>)</xsl:text></xsl:when>
              <xsl:otherwise><xsl:value-of select="@target"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <dt>TEI</dt>
        <dd><a href="../tei/{$id}.xml" download="{$id}.xml" type="application/tei+xml">Download the TEI P5 file (<xsl:value-of select="$id"/>.xml)</a></dd>
      </dl>
    </header>
  </xsl:template>

  <xsl:template name="role-row">
    <xsl:param name="role"/>
    <xsl:param name="label"/>
    <xsl:variable name="people" select="$h//tei:listPerson/tei:person[@role = $role]"/>
    <xsl:if test="$people">
      <dt><xsl:value-of select="$label"/></dt>
      <dd>
        <ul class="people">
          <xsl:for-each select="$people">
            <li>
              <xsl:call-template name="swatch"/>
              <a href="../people.html#{@xml:id}"><xsl:value-of select="tei:persName"/></a>
              <xsl:call-template name="wikidata"><xsl:with-param name="q" select="tei:idno[@type='wikidata']"/></xsl:call-template>
            </li>
          </xsl:for-each>
        </ul>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- the colour class of a speaker: their place in the edition's speaker list, 8 colours -->
  <xsl:template name="colour">
    <xsl:param name="who" select="@xml:id"/>
    <xsl:variable name="s" select="key('speaker', $who)"/>
    <xsl:if test="$s">c<xsl:value-of select="$s/@n mod 8"/></xsl:if>
  </xsl:template>

  <xsl:template name="swatch">
    <xsl:variable name="c"><xsl:call-template name="colour"/></xsl:variable>
    <xsl:if test="string($c) and key('sp-by', concat('#', @xml:id))">
      <span class="swatch {$c}" aria-hidden="true"></span>
    </xsl:if>
  </xsl:template>

  <!-- Pagefind filters and sort key, as empty elements so that they add no indexed text -->
  <xsl:template name="filters">
    <div hidden="hidden">
      <xsl:for-each select="$h//tei:listPerson/tei:person[key('sp-by', concat('#', @xml:id))]">
        <span data-pagefind-filter="speaker:{normalize-space(tei:persName)}"></span>
      </xsl:for-each>
      <xsl:variable name="date"><xsl:call-template name="doc-date"><xsl:with-param name="tei" select="$tei"/></xsl:call-template></xsl:variable>
      <span data-pagefind-filter="year:{substring($date, 1, 4)}"></span>
      <span data-pagefind-sort="date:{$date}"></span>
      <xsl:variable name="kind">
        <xsl:choose>
          <xsl:when test="$is-article">Article</xsl:when>
          <xsl:when test="$tei//tei:div[@type='memorandum']/@subtype = 'memcon'">Memorandum of conversation</xsl:when>
          <xsl:otherwise>Telephone conversation</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <span data-pagefind-filter="kind:{$kind}"></span>
      <xsl:if test="$h//tei:textClass/tei:catRef">
        <xsl:variable name="cls"><xsl:call-template name="classification"><xsl:with-param name="tei" select="$tei"/><xsl:with-param name="caveats" select="false()"/></xsl:call-template></xsl:variable>
        <span data-pagefind-filter="classification:{$cls}"></span>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============ word share chart ============ -->
  <xsl:template name="word-share">
    <xsl:variable name="rows">
      <xsl:for-each select="$h//tei:listPerson/tei:person[key('sp-by', concat('#', @xml:id))]">
        <xsl:variable name="text">
          <xsl:for-each select="key('sp-by', concat('#', @xml:id))/tei:p">
            <xsl:text> </xsl:text><xsl:apply-templates select="." mode="words"/>
          </xsl:for-each>
        </xsl:variable>
        <xsl:variable name="t" select="normalize-space($text)"/>
        <xsl:variable name="c"><xsl:call-template name="colour"/></xsl:variable>
        <e:row who="{@xml:id}" colour="{$c}" name="{tei:persName}"
               words="{string-length($t) - string-length(translate($t, ' ', '')) + number($t != '')}"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="r" select="exsl:node-set($rows)/e:row"/>
    <xsl:variable name="total" select="sum($r/@words)"/>
    <xsl:if test="$total &gt; 0">
      <figure class="chart word-share">
        <figcaption>Share of the words spoken (speech text only, without markings and page furniture)</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="share-title"
             viewBox="0 0 600 {count($r) * 34 + 8}" width="600" height="{count($r) * 34 + 8}">
          <title id="share-title">
            <xsl:for-each select="$r">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:value-of select="@name"/>: <xsl:value-of select="@words"/> words (<xsl:value-of select="round(100 * @words div $total)"/>%)</xsl:for-each>
          </title>
          <xsl:for-each select="$r">
            <xsl:variable name="c" select="@colour"/>
            <xsl:variable name="y" select="(position() - 1) * 34 + 4"/>
            <text x="0" y="{$y + 20}" class="label"><xsl:value-of select="@name"/></text>
            <rect x="230" y="{$y + 4}" height="22" width="{round(280 * @words div $total) + 1}" class="bar {$c}"/>
            <text x="{round(280 * @words div $total) + 238}" y="{$y + 20}" class="value"><xsl:value-of select="round(100 * @words div $total)"/>% · <xsl:value-of select="@words"/></text>
          </xsl:for-each>
        </svg>
      </figure>
    </xsl:if>
  </xsl:template>

  <!-- text is copied by the built-in rule: normalize-space above makes line ends and tabs
       spaces (a template of our own per text node cost a tenth of the page) -->
  <xsl:template match="tei:fw | tei:stamp | tei:seg[@type='portion-marking'] | tei:note | tei:pb" mode="words"/>
  <xsl:template match="*" mode="words"><xsl:apply-templates mode="words"/></xsl:template>

  <!-- ============ cite ============ -->
  <xsl:template name="cite">
    <section class="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">Cite this document</h2>
      <p class="citation" data-pagefind-ignore="all">
        <xsl:value-of select="$title"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$h//tei:titleStmt/tei:title[@type='sub' or @type='desc'][last()]"/>
        <xsl:text>. </xsl:text>
        <xsl:for-each select="$h//tei:msIdentifier">
          <xsl:for-each select="tei:repository | tei:collection">
            <xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/>
          </xsl:for-each>
          <xsl:for-each select="tei:idno"><xsl:text>, </xsl:text><xsl:value-of select="."/></xsl:for-each>
          <xsl:text>. </xsl:text>
        </xsl:for-each>
        <xsl:value-of select="$h//tei:publicationStmt/tei:publisher"/>
        <xsl:text>, document </xsl:text><xsl:value-of select="$id"/>
        <xsl:text> (TEI: tei/</xsl:text><xsl:value-of select="$id"/><xsl:text>.xml). Cite a page as "</xsl:text>
        <xsl:value-of select="$id"/><xsl:text>, p. 2".</xsl:text>
      </p>
      <p><a href="../tei/{$id}.xml" download="{$id}.xml" type="application/tei+xml">Download the TEI</a></p>
    </section>
  </xsl:template>

  <!-- ============ the text ============ -->
  <xsl:template match="tei:text | tei:body | tei:front"><xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:back">
    <section class="back" data-pagefind-ignore="all"><xsl:apply-templates/></section>
  </xsl:template>

  <xsl:template match="tei:div">
    <section class="div div-{@type}">
      <xsl:if test="@type = 'transmittal'"><xsl:attribute name="aria-label">Transmittal memorandum</xsl:attribute></xsl:if>
      <xsl:if test="@type = 'memorandum'"><xsl:attribute name="aria-label">Memorandum</xsl:attribute></xsl:if>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>
  <xsl:template match="tei:div[@type='provenance']">
    <section class="div provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">Archive footer</h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>
  <xsl:template match="tei:div[@type='site-navigation']">
    <details class="div site-navigation">
      <summary>Text of the web page's navigation (kept from the source)</summary>
      <xsl:apply-templates/>
    </details>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:choose>
      <xsl:when test="ancestor::tei:div[tei:head][2]"><h3 class="head"><xsl:apply-templates/></h3></xsl:when>
      <xsl:otherwise><h2 class="head"><xsl:apply-templates/></h2></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:docTitle">
    <div class="doc-title"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:titlePart">
    <p class="title-part title-{@type}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:docImprint | tei:byline | tei:dateline | tei:closer | tei:signed | tei:trailer | tei:postscript">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:docAuthor"><span class="author"><xsl:apply-templates/></span></xsl:template>

  <xsl:template match="tei:opener">
    <div class="opener"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:p"><p><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:ab"><div class="ab ab-{@type}"><xsl:apply-templates/></div></xsl:template>

  <!-- memo fields: label and value side by side, in source order -->
  <xsl:template match="tei:list[@type='memo-fields']">
    <div class="memo-fields"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:list[@type='memo-fields']/tei:label">
    <div class="field-label"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:list[@type='memo-fields']/tei:item">
    <div class="field-value"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:list">
    <ul class="list list-{@type}"><xsl:apply-templates select="tei:item"/></ul>
  </xsl:template>
  <xsl:template match="tei:item"><li><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="tei:label"><span class="label"><xsl:apply-templates/></span></xsl:template>

  <!-- speeches: one block per turn, labelled by its speaker, coloured per person -->
  <xsl:template match="tei:sp">
    <xsl:variable name="who" select="substring-after(@who, '#')"/>
    <xsl:variable name="c"><xsl:call-template name="colour"><xsl:with-param name="who" select="$who"/></xsl:call-template></xsl:variable>
    <xsl:variable name="sp" select="generate-id()"/>
    <xsl:variable name="n">
      <xsl:for-each select="exsl:node-set($sp-numbers)">
        <xsl:value-of select="key('sp-number', $sp)/@n"/>
      </xsl:for-each>
    </xsl:variable>
    <div class="sp {$c}" id="sp-{$n}" role="group" aria-labelledby="sp-{$n}-who" data-who="{$who}">
      <xsl:apply-templates><xsl:with-param name="sp-n" select="$n"/></xsl:apply-templates>
    </div>
  </xsl:template>
  <xsl:template match="tei:speaker">
    <!-- its speech's number, from the speech (counting the speeches before it is slow) -->
    <xsl:param name="sp-n" select="count(preceding::tei:sp) + 1"/>
    <p class="speaker" id="sp-{$sp-n}-who" data-pagefind-ignore="">
      <xsl:variable name="person" select="key('person', substring-after(../@who, '#'))"/>
      <xsl:apply-templates/>
      <xsl:if test="$person and normalize-space($person/tei:persName) != normalize-space(.)">
        <span class="who"><xsl:text> (</xsl:text><xsl:value-of select="$person/tei:persName"/><xsl:text>)</xsl:text></span>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- page furniture: boxed, monospaced, where it stands; hidden in the reading view -->
  <xsl:template match="tei:fw">
    <span class="fw fw-{@type} furniture" data-pagefind-ignore="all">
      <xsl:if test="@place"><xsl:attribute name="data-place"><xsl:value-of select="@place"/></xsl:attribute></xsl:if>
      <span class="visually-hidden">
        <xsl:choose>
          <xsl:when test="@type = 'classification'">Classification banner: </xsl:when>
          <xsl:when test="@type = 'classification-authority'">Classification authority block: </xsl:when>
          <xsl:when test="@type = 'letterhead'">Letterhead: </xsl:when>
          <xsl:when test="@type = 'pageNum'">Printed page number: </xsl:when>
          <xsl:when test="@type = 'logNum'">Log number: </xsl:when>
          <xsl:when test="@type = 'docId'">Document identifiers: </xsl:when>
        </xsl:choose>
      </span>
      <xsl:apply-templates/>
    </span>
  </xsl:template>
  <xsl:template match="tei:stamp">
    <span class="stamp stamp-{@type} furniture" data-pagefind-ignore="all">
      <span class="visually-hidden">Declassification stamp: </span>
      <xsl:apply-templates/>
    </span>
  </xsl:template>
  <xsl:template match="tei:lb"><br/></xsl:template>

  <!-- a page begins: visible, citable marker -->
  <xsl:template match="tei:pb">
    <xsl:variable name="d" select="count(ancestor::tei:div[last()]/preceding-sibling::tei:div)"/>
    <xsl:variable name="anchor">
      <xsl:if test="$d &gt; 0">d<xsl:value-of select="$d + 1"/>-</xsl:if>
      <xsl:text>page-</xsl:text>
      <xsl:choose><xsl:when test="@n"><xsl:value-of select="@n"/></xsl:when><xsl:otherwise>x<xsl:number level="any" count="tei:pb"/></xsl:otherwise></xsl:choose>
    </xsl:variable>
    <a class="pb" id="{$anchor}" href="#{$anchor}" data-pagefind-ignore="">
      <xsl:choose>
        <xsl:when test="@n">p. <xsl:value-of select="@n"/></xsl:when>
        <xsl:otherwise>page break</xsl:otherwise>
      </xsl:choose>
    </a>
  </xsl:template>

  <!-- markings struck at declassification: visibly struck and announced -->
  <xsl:template match="tei:del">
    <del class="struck">
      <xsl:if test="@type = 'declassification'"><xsl:attribute name="title">struck through at declassification</xsl:attribute></xsl:if>
      <span class="visually-hidden">[struck through at declassification:] </span>
      <xsl:apply-templates/>
    </del>
  </xsl:template>

  <xsl:template match="tei:seg[@type='portion-marking']">
    <xsl:variable name="cat" select="substring-after(@ana, '#')"/>
    <span class="portion furniture portion-{$cat}" data-pagefind-ignore="">
      <xsl:attribute name="title">Portion marking: <xsl:value-of select="key('category', $cat)/tei:catDesc"/><xsl:if test="tei:del"> (struck through at declassification)</xsl:if></xsl:attribute>
      <xsl:apply-templates/>
    </span>
  </xsl:template>
  <xsl:key name="category" match="tei:category" use="@xml:id"/>
  <xsl:template match="tei:seg"><span class="seg seg-{@type}"><xsl:apply-templates/></span></xsl:template>

  <!-- what is missing or added, each with its reason in words -->
  <xsl:template match="tei:gap">
    <span class="gap gap-{@reason}">
      <span class="reason">
        <xsl:choose>
          <xsl:when test="@reason = 'inaudible'">inaudible</xsl:when>
          <xsl:when test="@reason = 'transmission'">lost in transmission</xsl:when>
          <xsl:when test="@reason = 'omitted'">omitted in the source</xsl:when>
          <xsl:when test="@reason = 'redacted'">redacted</xsl:when>
          <xsl:when test="@reason = 'editorial'">omitted by the editors</xsl:when>
          <xsl:otherwise><xsl:value-of select="@reason"/></xsl:otherwise>
        </xsl:choose>
      </span>
      <xsl:text> [</xsl:text><xsl:value-of select="tei:desc"/><xsl:text>]</xsl:text>
    </span>
  </xsl:template>
  <xsl:template match="tei:stage">
    <span class="stage stage-{@type}">
      <span class="reason"><xsl:value-of select="@type"/></span>
      <xsl:text> [</xsl:text><xsl:apply-templates/><xsl:text>]</xsl:text>
    </span>
  </xsl:template>
  <xsl:template match="tei:supplied">
    <span class="supplied supplied-{@reason}">
      <xsl:attribute name="title">
        <xsl:choose>
          <xsl:when test="@reason = 'clarification'">supplied by the notetaker to clarify</xsl:when>
          <xsl:otherwise>supplied by the notetaker</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <span class="visually-hidden">(supplied by the notetaker:) </span>
      <xsl:text>[</xsl:text><xsl:apply-templates/><xsl:text>]</xsl:text>
    </span>
  </xsl:template>
  <xsl:template match="tei:note[@type='sic']">
    <span class="sic" title="sic: so in the source"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:note[@type='summary']">
    <aside class="note-summary" aria-label="Editorial note">
      <span class="reason">editorial note</span><xsl:text> </xsl:text><xsl:apply-templates/>
    </aside>
  </xsl:template>
  <xsl:template match="tei:note[@type='footnote']">
    <div class="footnote" id="{@xml:id}">
      <xsl:if test="@target">
        <a class="backref" href="{@target}"><span class="visually-hidden">Back to the call of note </span><xsl:value-of select="@n"/>↩</a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="tei:note"><span class="note note-{@type}"><xsl:apply-templates/></span></xsl:template>

  <!-- a footnote call: the anchor, then the printed number linked to the note -->
  <xsl:template match="tei:anchor[@type='noteCall']">
    <span class="fn-anchor" id="{@xml:id}"></span>
  </xsl:template>
  <xsl:template match="tei:anchor"/>
  <xsl:template match="tei:hi[@rend='superscript']">
    <xsl:variable name="call" select="preceding-sibling::node()[1][self::tei:anchor[@type='noteCall']]"/>
    <xsl:variable name="note" select="key('note-for', $call/@xml:id)"/>
    <sup>
      <xsl:choose>
        <xsl:when test="$note"><a class="fn-call" href="#{$note/@xml:id}"><span class="visually-hidden">Note </span><xsl:apply-templates/></a></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </sup>
  </xsl:template>
  <xsl:template match="tei:hi[@rend='bold']"><strong><xsl:apply-templates/></strong></xsl:template>
  <xsl:template match="tei:hi"><span class="hi"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:q"><span class="q"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:foreign">
    <i lang="{@xml:lang}"><xsl:apply-templates/></i>
  </xsl:template>
  <xsl:template match="tei:date"><time datetime="{@when | @from}"><xsl:apply-templates/></time></xsl:template>
  <xsl:template match="tei:date[not(@when or @from)]"><xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:email"><xsl:apply-templates/></xsl:template>

  <xsl:template match="tei:persName[@ref] | tei:docAuthor[@ref]">
    <a class="person" href="../people.html#{substring-after(@ref, '#')}"><xsl:apply-templates/></a>
  </xsl:template>
  <xsl:template match="tei:placeName[@ref]">
    <a class="place" href="../people.html#place-{substring-after(@ref, '#')}"><xsl:apply-templates/></a>
  </xsl:template>

  <!-- characters a URL may hold as written (RFC 3986); a target with others is not linked -->
  <xsl:variable name="url-chars">ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&amp;'()*+,;=%</xsl:variable>

  <!-- links: only web and mail targets, and links to documents of this edition -->
  <xsl:template match="tei:ref">
    <xsl:variable name="t" select="normalize-space(@target)"/>
    <xsl:variable name="doc" select="key('doc', $t)"/>
    <xsl:choose>
      <xsl:when test="$doc"><a class="doc-link" href="{$doc/@id}.html" title="{$doc/@title}"><xsl:apply-templates/></a></xsl:when>
      <xsl:when test="(starts-with($t, 'https://') or starts-with($t, 'http://') or starts-with($t, 'mailto:'))
                      and translate($t, $url-chars, '') = ''">
        <a href="{$t}" rel="external nofollow"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
