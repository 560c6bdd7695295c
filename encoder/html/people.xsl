<?xml version="1.0" encoding="UTF-8"?>
<!--
  People and places of the edition: every person of the personography (people.xml) by surname,
  and every place the documents' headers describe by id, each with the documents they appear in.
  Anchors are the TEI ids (persons) and "place-" + id (places), the targets of the document
  pages' links.
  Rendered in parts (encoder/html/listing.py), so that no run holds the whole corpus: part
  'page' is the frame, with a comment slot:NAME where each register goes; parts 'people' and
  'places' render a batch of a register's entries (e:list/e:item: @id, @name, @q the Wikidata
  id), each with a slot for its documents; parts 'appearances' and 'naming' render a batch of
  those (e:item: @id, @title the document's main title, @roles the person's roles in it).
  The store gives them in order and picks the name and Wikidata id (encoder/corpusdb.py).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:e="urn:x-memcon-encoder:page"
    exclude-result-prefixes="tei e">

  <xsl:include href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="part" select="'page'"/>

  <xsl:variable name="batch" select="/e:list/e:item"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'people'"><dl><xsl:call-template name="people"/></dl></xsl:when>
      <xsl:when test="$part = 'places'"><dl><xsl:call-template name="places"/></dl></xsl:when>
      <xsl:when test="$part = 'appearances'"><ul><xsl:call-template name="appearances"/></ul></xsl:when>
      <xsl:when test="$part = 'naming'"><ul><xsl:call-template name="naming"/></ul></xsl:when>
      <xsl:otherwise><xsl:call-template name="frame"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="frame">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="'People and places — memcon edition'"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="here" select="'people'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the page's main content: common.xsl's page template applies it in place -->
  <xsl:template match="/" mode="content">
        <h1>People and places</h1>
        <section aria-labelledby="people-title">
          <h2 id="people-title">People</h2>
          <dl class="register">
            <xsl:comment>slot:people</xsl:comment>
          </dl>
        </section>
        <section aria-labelledby="places-title">
          <h2 id="places-title">Places</h2>
          <dl class="register">
            <xsl:comment>slot:places</xsl:comment>
          </dl>
        </section>
  </xsl:template>

  <!-- persons, by surname (the name's last word), then full name -->
  <xsl:template name="people">
    <xsl:for-each select="$batch">
      <dt id="{@id}">
        <xsl:value-of select="@name"/>
        <xsl:call-template name="wikidata"><xsl:with-param name="q" select="@q"/></xsl:call-template>
      </dt>
      <dd>
        <ul class="appearances"><xsl:comment>slot:docs</xsl:comment></ul>
      </dd>
    </xsl:for-each>
  </xsl:template>

  <!-- a person's documents, by id -->
  <xsl:template name="appearances">
    <xsl:for-each select="$batch">
      <li><a href="html/{@id}.html"><xsl:value-of select="@title"/></a>
        <xsl:text> (</xsl:text><xsl:value-of select="@id"/><xsl:text>): </xsl:text><xsl:value-of select="@roles"/></li>
    </xsl:for-each>
  </xsl:template>

  <!-- places, by id -->
  <xsl:template name="places">
    <xsl:for-each select="$batch">
      <dt id="place-{@id}">
        <xsl:value-of select="@name"/>
        <xsl:call-template name="wikidata"><xsl:with-param name="q" select="@q"/></xsl:call-template>
      </dt>
      <dd>
        <ul class="appearances"><xsl:comment>slot:docs</xsl:comment></ul>
      </dd>
    </xsl:for-each>
  </xsl:template>

  <!-- the documents whose text names a place, by id -->
  <xsl:template name="naming">
    <xsl:for-each select="$batch">
      <li><a href="html/{@id}.html"><xsl:value-of select="@title"/></a>
        <xsl:text> (</xsl:text><xsl:value-of select="@id"/><xsl:text>)</xsl:text></li>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
