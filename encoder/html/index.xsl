<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's index. Input: e:edition holding every document's summary (its TEI cut down to
  what the index and the people page read, with its number of speeches in @e:speeches; see
  encoder/html summary()).
  Calls and memoranda in a table sorted by date with a timeline above it; articles listed as
  commentary on the calls they discuss.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    exclude-result-prefixes="tei e">

  <xsl:include href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:key name="tei" match="tei:TEI" use="concat(@xml:id, '.xml')"/>

  <xsl:variable name="calls" select="/e:edition/tei:TEI[tei:text/tei:body/tei:div[@type='memorandum']]"/>
  <xsl:variable name="articles" select="/e:edition/tei:TEI[@xml:id != 'people'][not(tei:text/tei:body/tei:div[@type='memorandum'])]"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'Memoranda of telephone conversation — a TEI edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="here" select="'index'"/>
      <xsl:with-param name="content">
        <h1>Memoranda of telephone conversation</h1>
        <p class="lede">Declassified records of presidential telephone calls, transcribed
          with every speaker, gap, struck classification marking and declassification stamp,
          and published as TEI P5 with this reading edition.
          <xsl:value-of select="count($calls)"/> documents, <xsl:value-of select="sum($calls/@e:speeches)"/> speeches.</p>
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
                <xsl:for-each select="$calls">
                  <xsl:sort select="substring(tei:teiHeader//tei:setting/tei:date/@from, 1, 10)"/>
                  <xsl:sort select="tei:teiHeader//tei:origDate/@when"/>
                  <xsl:sort select="@xml:id"/>
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
              </tbody>
            </table>
          </div>
        </section>
        <xsl:if test="$articles">
          <section aria-labelledby="commentary-title">
            <h2 id="commentary-title">Commentary</h2>
            <ul class="commentary">
              <xsl:for-each select="$articles">
                <xsl:sort select="@xml:id"/>
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
            </ul>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- the documents on a time axis: years between the first and last call, one dot each -->
  <xsl:template name="timeline">
    <xsl:variable name="years">
      <xsl:for-each select="$calls">
        <xsl:sort select="substring(tei:teiHeader//tei:origDate/@when, 1, 4)" data-type="number"/>
        <xsl:if test="position() = 1"><xsl:value-of select="substring(tei:teiHeader//tei:origDate/@when, 1, 4)"/></xsl:if>
        <xsl:if test="position() = last()">-<xsl:value-of select="substring(tei:teiHeader//tei:origDate/@when, 1, 4)"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="first" select="number(substring-before($years, '-'))"/>
    <xsl:variable name="last" select="number(substring-after($years, '-')) + 1"/>
    <xsl:variable name="span" select="$last - $first"/>
    <xsl:if test="count($calls) &gt; 0 and $span &gt; 0">
      <figure class="chart timeline">
        <figcaption>The documents by date</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="timeline-title"
             viewBox="0 0 720 {60 + 22 * count($calls)}" width="720" height="{60 + 22 * count($calls)}">
          <title id="timeline-title">Timeline: <xsl:for-each select="$calls">
              <xsl:sort select="tei:teiHeader//tei:origDate/@when"/>
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:value-of select="tei:teiHeader//tei:origDate/@when"/>
              <xsl:text> </xsl:text>
              <xsl:value-of select="tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/>
            </xsl:for-each></title>
          <line x1="20" y1="30" x2="700" y2="30" class="axis"/>
          <xsl:call-template name="ticks">
            <xsl:with-param name="year" select="$first"/>
            <xsl:with-param name="first" select="$first"/>
            <xsl:with-param name="span" select="$span"/>
          </xsl:call-template>
          <xsl:for-each select="$calls">
            <xsl:sort select="tei:teiHeader//tei:origDate/@when"/>
            <xsl:variable name="w" select="tei:teiHeader//tei:origDate/@when"/>
            <xsl:variable name="t" select="number(substring($w, 1, 4)) + (number(substring($w, 6, 2)) - 1) div 12 + (number(substring($w, 9, 2)) - 1) div 365"/>
            <xsl:variable name="x" select="round(20 + 680 * ($t - $first) div $span)"/>
            <xsl:variable name="y" select="50 + 22 * (position() - 1)"/>
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
        </svg>
      </figure>
    </xsl:if>
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
