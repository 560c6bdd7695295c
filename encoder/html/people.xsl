<?xml version="1.0" encoding="UTF-8"?>
<!--
  People and places of the edition. Input: e:edition holding the personography (people.xml,
  TEI/@xml:id "people") and every document's summary, whose headers give Wikidata ids and places.
  Anchors are the TEI ids (persons) and "place-" + id (places), the targets of the document
  pages' links.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="tei e str">

  <xsl:include href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:key name="doc-person" match="tei:teiHeader//tei:person" use="@xml:id"/>
  <xsl:key name="doc-place" match="tei:teiHeader//tei:place" use="@xml:id"/>
  <!-- a document under every place it names (one key lookup per place, no scans) -->
  <xsl:key name="doc-naming" match="tei:TEI" use="tei:text//tei:placeName/@ref"/>
  <xsl:key name="doc-id" match="tei:TEI" use="@xml:id"/>

  <xsl:variable name="docs" select="/e:edition/tei:TEI[@xml:id != 'people']"/>

  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'People and places — memcon edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="here" select="'people'"/>
      <xsl:with-param name="content">
        <h1>People and places</h1>
        <section aria-labelledby="people-title">
          <h2 id="people-title">People</h2>
          <dl class="register">
            <xsl:for-each select="/e:edition/tei:TEI[@xml:id = 'people']//tei:listPerson/tei:person">
              <!-- by surname (the name's last word), then full name -->
              <xsl:sort select="str:tokenize(tei:persName)[last()]"/>
              <xsl:sort select="tei:persName"/>
              <dt id="{@xml:id}">
                <xsl:value-of select="tei:persName"/>
                <xsl:call-template name="wikidata">
                  <xsl:with-param name="q" select="(key('doc-person', @xml:id)/tei:idno[@type='wikidata'])[1]"/>
                </xsl:call-template>
              </dt>
              <dd>
                <ul class="appearances">
                  <xsl:for-each select=".//tei:note[@type='appearances']//tei:item">
                    <xsl:variable name="file" select="substring-before(substring-after(tei:ref/@target, 'tei/'), '.xml')"/>
                    <li><a href="html/{$file}.html"><xsl:value-of select="key('doc-id', $file)/tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/></a>
                      <xsl:text> (</xsl:text><xsl:value-of select="$file"/><xsl:text>): </xsl:text><xsl:value-of select="@n"/></li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:for-each>
          </dl>
        </section>
        <section aria-labelledby="places-title">
          <h2 id="places-title">Places</h2>
          <dl class="register">
            <!-- descendant::, not //: a predicate after // makes libxslt merge node-sets per node -->
            <xsl:for-each select="$docs/tei:teiHeader/descendant::tei:place[generate-id() = generate-id(key('doc-place', @xml:id)[1])]">
              <xsl:sort select="@xml:id"/>
              <xsl:variable name="pid" select="@xml:id"/>
              <dt id="place-{$pid}">
                <xsl:value-of select="tei:placeName"/>
                <xsl:call-template name="wikidata"><xsl:with-param name="q" select="tei:idno[@type='wikidata']"/></xsl:call-template>
              </dt>
              <dd>
                <ul class="appearances">
                  <xsl:for-each select="key('doc-naming', concat('#', $pid))">
                    <xsl:sort select="@xml:id"/>
                    <li><a href="html/{@xml:id}.html"><xsl:value-of select="tei:teiHeader//tei:titleStmt/tei:title[@type='main']"/></a>
                      <xsl:text> (</xsl:text><xsl:value-of select="@xml:id"/><xsl:text>)</xsl:text></li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:for-each>
          </dl>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
