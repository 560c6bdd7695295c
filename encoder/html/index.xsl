<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's index: calls and memoranda in a table sorted by date with a timeline above it;
  articles listed as commentary on the calls they discuss.
  Rendered in parts (encoder/html/listing.py), so that no run holds the whole corpus:
  part 'page' is the frame, with a comment slot:NAME where each list goes and the counts and
  the timeline's years as parameters; parts 'titles', 'dots', 'rows' and 'commentary' render
  a list's entries for a batch of documents' summaries (each the TEI cut down to what this
  page and the people page read, with its number of speeches in @e:speeches; see
  encoder/html summary()), given in the list's order, $offset of them before the batch. A
  commentary batch also holds, in e:linked, the summaries of the calls its articles discuss.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    exclude-result-prefixes="tei e">

  <xsl:include href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="part" select="'page'"/>
  <!-- the whole corpus, for the frame: the number of calls, their speeches, whether there
       are articles, and the calls' first and last year ('1998-2003') -->
  <xsl:param name="calls" select="0"/>
  <xsl:param name="speeches" select="0"/>
  <xsl:param name="articles" select="false()"/>
  <xsl:param name="years" select="''"/>
  <xsl:param name="offset" select="0"/>

  <xsl:key name="tei" match="tei:TEI" use="concat(@xml:id, '.xml')"/>

  <xsl:variable name="batch" select="/e:edition/tei:TEI"/>
  <xsl:variable name="first" select="number(substring-before($years, '-'))"/>
  <xsl:variable name="last" select="number(substring-after($years, '-')) + 1"/>
  <xsl:variable name="span" select="$last - $first"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'titles'"><title xmlns="http://www.w3.org/2000/svg"><xsl:call-template name="titles"/></title></xsl:when>
      <xsl:when test="$part = 'dots'"><svg xmlns="http://www.w3.org/2000/svg"><xsl:call-template name="dots"/></svg></xsl:when>
      <xsl:when test="$part = 'rows'"><tbody><xsl:call-template name="rows"/></tbody></xsl:when>
      <xsl:when test="$part = 'commentary'"><ul><xsl:call-template name="commentary"/></ul></xsl:when>
      <xsl:otherwise><xsl:call-template name="frame"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="frame">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Memoranda of telephone conversation — a TEI edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="here" select="'index'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's main content: common.xsl's page template applies it in place -->
  <xsl:template match="/" mode="content">
        <h1>Memoranda of telephone conversation</h1>
        <p class="lede">Declassified records of presidential telephone calls, transcribed
          with every speaker, gap, struck classification marking and declassification stamp,
          and published as TEI P5 with this reading edition.
          <xsl:value-of select="$calls"/> documents, <xsl:value-of select="$speeches"/> speeches.</p>
        <xsl:call-template name="timeline"/>
        <section aria-labelledby="docs-title">
          <h2 id="docs-title">Documents</h2>
          <div class="table-wrap">
            <table class="documents">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Title</th>
                  <th scope="col">Participants</th>
                  <th scope="col">Classification</th>
                  <th scope="col">Declassified</th>
                  <th scope="col" class="num">Pages</th>
                  <th scope="col" class="num">Speeches</th>
                </tr>
              </thead>
              <tbody>
                <xsl:comment>slot:rows</xsl:comment>
              </tbody>
            </table>
          </div>
        </section>
        <xsl:if test="$articles">
          <section aria-labelledby="commentary-title">
            <h2 id="commentary-title">Commentary</h2>
            <ul class="commentary">
              <xsl:comment>slot:commentary</xsl:comment>
            </ul>
          </section>
        </xsl:if>
  </xsl:template>

  <!-- the documents on a time axis: years between the first and last call, one dot each -->
  <xsl:template name="timeline">
    <xsl:if test="$calls &gt; 0 and $span &gt; 0">
      <figure class="chart timeline">
        <figcaption>The documents by date</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="timeline-title"
             viewBox="0 0 720 {60 + 22 * $calls}" width="720" height="{60 + 22 * $calls}">
          <title id="timeline-title">Timeline: <xsl:comment>slot:titles</xsl:comment></title>
          <line x1="20" y1="30" x2="700" y2="30" class="axis"/>
          <xsl:call-template name="ticks">
            <xsl:with-param name="year" select="$first"/>
            <xsl:with-param name="first" select="$first"/>
            <xsl:with-param name="span" select="$span"/>
          </xsl:call-template>
          <xsl:comment>slot:dots</xsl:comment>
        </svg>
      </figure>
    </xsl:if>
  </xsl:template>

  <!-- the timeline's title (a batch of calls by date) -->
  <xsl:template name="titles">
    <xsl:for-each select="$batch">
      <xsl:if test="$offset + position() &gt; 1">; </xsl:if>
      <xsl:value-of select="tei:teiHeader//tei:origDate/@when"/>
      <xsl:text> </xsl:text>
      <xsl:value-of select="tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/>
    </xsl:for-each>
  </xsl:template>

  <!-- the timeline's dots (a batch of calls by date) -->
  <xsl:template name="dots" xmlns="http://www.w3.org/2000/svg">
    <xsl:for-each select="$batch">
      <xsl:variable name="w" select="tei:teiHeader//tei:origDate/@when"/>
      <xsl:variable name="t" select="number(substring($w, 1, 4)) + (number(substring($w, 6, 2)) - 1) div 12 + (number(substring($w, 9, 2)) - 1) div 365"/>
      <xsl:variable name="x" select="round(20 + 680 * ($t - $first) div $span)"/>
      <xsl:variable name="y" select="50 + 22 * ($offset + position() - 1)"/>
      <a href="html/{@xml:id}.html">
        <line x1="{$x}" y1="30" x2="{$x}" y2="{$y - 4}" class="stem"/>
        <circle cx="{$x}" cy="30" r="5" class="dot"/>
        <text y="{$y + 8}" class="doc">
          <xsl:choose>
            <xsl:when test="$x &gt; 400"><xsl:attribute name="x"><xsl:value-of select="$x - 6"/></xsl:attribute><xsl:attribute name="text-anchor">end</xsl:attribute></xsl:when>
            <xsl:otherwise><xsl:attribute name="x"><xsl:value-of select="$x + 6"/></xsl:attribute></xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="$w"/><xsl:text>  </xsl:text>
          <xsl:for-each select="tei:teiHeader//tei:person[@role='participant']">
            <xsl:if test="position() &gt; 1"> – </xsl:if>
            <xsl:value-of select="tei:persName"/>
          </xsl:for-each>
        </text>
      </a>
    </xsl:for-each>
  </xsl:template>

  <!-- the table's rows (a batch of calls by start, date and id) -->
  <xsl:template name="rows">
    <xsl:for-each select="$batch">
      <xsl:variable name="date"><xsl:call-template name="doc-date"/></xsl:variable>
      <tr>
        <td><time datetime="{$date}"><xsl:value-of select="$date"/></time></td>
        <th scope="row"><a href="html/{@xml:id}.html"><xsl:value-of select="tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/></a></th>
        <td>
          <xsl:for-each select="tei:teiHeader//tei:person[@role='participant']">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="tei:persName"/>
          </xsl:for-each>
        </td>
        <td><xsl:call-template name="classification"/></td>
        <td>
          <xsl:for-each select="tei:teiHeader//tei:custEvent[@type='declassification']">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <time datetime="{@when}"><xsl:value-of select="@when"/></time>
          </xsl:for-each>
        </td>
        <td class="num"><xsl:value-of select="tei:teiHeader//tei:extent/tei:measure[@unit='pages']/@quantity"/></td>
        <td class="num"><xsl:value-of select="@e:speeches"/></td>
      </tr>
    </xsl:for-each>
  </xsl:template>

  <!-- the commentary (a batch of articles by id) -->
  <xsl:template name="commentary">
    <xsl:for-each select="$batch">
      <xsl:variable name="h" select="tei:teiHeader"/>
      <li>
        <a href="html/{@xml:id}.html"><xsl:value-of select="$h//tei:titleStmt/tei:title[@type='main']"/></a>
        <xsl:if test="$h//tei:titleStmt/tei:title[@type='sub']">: <xsl:value-of select="$h//tei:titleStmt/tei:title[@type='sub']"/></xsl:if>
        <xsl:for-each select="$h//tei:titleStmt/tei:author">, by <xsl:value-of select="."/></xsl:for-each>
        <xsl:for-each select="$h//tei:sourceDesc//tei:date[1]"> (<xsl:value-of select="."/>)</xsl:for-each>
        <xsl:for-each select="$h//tei:relatedItem[@type='discusses']">
          <xsl:variable name="call" select="key('tei', @target)"/>
          <xsl:if test="$call">
            <br/><xsl:text>Discusses </xsl:text>
            <a href="html/{$call/@xml:id}.html"><xsl:value-of select="$call/tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/></a>
            <xsl:text> (</xsl:text><xsl:call-template name="doc-date"><xsl:with-param name="tei" select="$call"/></xsl:call-template><xsl:text>)</xsl:text>
          </xsl:if>
        </xsl:for-each>
      </li>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="ticks" xmlns="http://www.w3.org/2000/svg">
    <xsl:param name="year"/>
    <xsl:param name="first"/>
    <xsl:param name="span"/>
    <xsl:if test="$year &lt;= $first + $span">
      <xsl:variable name="x" select="round(20 + 680 * ($year - $first) div $span)"/>
      <!-- a label every year over a short span, every 5 or 10 years over a long one -->
      <xsl:variable name="step" select="1 + 4 * ($span &gt; 12) + 5 * ($span &gt; 60)"/>
      <line x1="{$x}" y1="26" x2="{$x}" y2="34" class="tick"/>
      <xsl:if test="$year mod $step = 0 or $span &lt;= 12">
        <line x1="{$x}" y1="22" x2="{$x}" y2="38" class="tick"/>
        <text x="{$x}" y="16" text-anchor="middle" class="year"><xsl:value-of select="$year"/></text>
      </xsl:if>
      <xsl:call-template name="ticks">
        <xsl:with-param name="year" select="$year + 1"/>
        <xsl:with-param name="first" select="$first"/>
        <xsl:with-param name="span" select="$span"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
