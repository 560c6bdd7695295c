<?xml version="1.0" encoding="UTF-8"?>
<!--
  teiHeader -> Simple Dublin Core (oai_dc), one record per document of the edition.

  Used for the OAI-PMH oai_dc format, the oai_dc records of the deposit bag and the
  dmdSec of its METS, so a harvester and a repository see the same description.
  Everything comes from the header; nothing is invented:

    title        titleStmt/title[@type='main'], then ': ' and title[@type='sub']
    creator      the article's author, or the memorandum's notetakers (who wrote it)
    contributor  participants and interpreters of a conversation
    subject      persons only mentioned, and places named in the text
    description  the descriptive sub-title, the overall classification, the custodial events
    publisher    publicationStmt/publisher
    date         the document's date (origDate/@when, or the article's bibl/date/@when)
    type         DCMI Type "Text", and the kind of document (telcon, memcon, article)
    format       application/tei+xml
    identifier   the OAI identifier (parameter), and the source's archival identifiers
    source       holding repository and declassification case, or the journal citation
    language     langUsage/language/@ident
    relation     related documents of the edition (notesStmt/relatedItem/@target)
    coverage     the place of the conversation
    rights       availability/licence

  Run by encoder.catalogue with XSLTAccessControl.DENY_ALL: it reads nothing but its input.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="t">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- the record's identifier, e.g. oai:memcon-encoder.example.org:telcon-2000-01-01-clinton-putin -->
  <xsl:param name="identifier" select="''"/>
  <!-- the kind of document (telcon, memcon, article), as the OAI set names it -->
  <xsl:param name="kind" select="''"/>

  <xsl:variable name="h" select="/t:TEI/t:teiHeader"/>
  <xsl:variable name="fd" select="$h/t:fileDesc"/>
  <xsl:variable name="persons" select="$h/t:profileDesc/t:particDesc/t:listPerson/t:person"/>

  <xsl:template match="/">
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title>
        <xsl:value-of select="normalize-space($fd/t:titleStmt/t:title[@type='main'])"/>
        <xsl:if test="$fd/t:titleStmt/t:title[@type='sub']">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="normalize-space($fd/t:titleStmt/t:title[@type='sub'])"/>
        </xsl:if>
      </dc:title>
      <xsl:for-each select="$fd/t:titleStmt/t:author | $persons[@role='notetaker']/t:persName">
        <dc:creator><xsl:value-of select="normalize-space(.)"/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="$persons[@role='participant' or @role='interpreter']">
        <dc:contributor>
          <xsl:value-of select="normalize-space(t:persName)"/>
          <xsl:text> (</xsl:text><xsl:value-of select="@role"/><xsl:text>)</xsl:text>
        </dc:contributor>
      </xsl:for-each>
      <xsl:for-each select="$persons[@role='mentioned']/t:persName
                            | $h/t:profileDesc/t:settingDesc/t:listPlace/t:place/t:placeName">
        <dc:subject><xsl:value-of select="normalize-space(.)"/></dc:subject>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:titleStmt/t:title[@type='desc']">
        <dc:description><xsl:value-of select="normalize-space(.)"/></dc:description>
      </xsl:for-each>
      <!-- the level, then its caveats (catRef target="#S #NODIS") -->
      <xsl:variable name="cat" select="concat(' ', normalize-space($h/t:profileDesc/t:textClass/t:catRef[@scheme='#classification']/@target), ' ')"/>
      <xsl:if test="normalize-space($cat)">
        <dc:description>
          <xsl:text>Overall classification: </xsl:text>
          <xsl:for-each select="$h/t:encodingDesc/t:classDecl/t:taxonomy[@xml:id='classification']/t:category[contains($cat, concat(' #', @xml:id, ' '))]">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:value-of select="t:catDesc"/>
          </xsl:for-each>
        </dc:description>
      </xsl:if>
      <xsl:for-each select="$fd/t:sourceDesc/t:msDesc/t:additional/t:adminInfo/t:custodialHist/t:custEvent">
        <dc:description>
          <xsl:value-of select="concat(translate(substring(@type, 1, 1), 'cd', 'CD'), substring(@type, 2))"/>
          <xsl:if test="@when"><xsl:value-of select="concat(' (', @when, ')')"/></xsl:if>
          <xsl:text>: </xsl:text>
          <xsl:value-of select="normalize-space(.)"/>
        </dc:description>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:publicationStmt/t:publisher">
        <dc:publisher><xsl:value-of select="normalize-space(.)"/></dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="($fd/t:sourceDesc/t:msDesc/t:history/t:origin/t:origDate/@when
                             | $fd/t:sourceDesc/t:bibl/t:date/@when)[1]">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>
      <dc:type>Text</dc:type>
      <xsl:if test="$kind">
        <dc:type><xsl:value-of select="$kind"/></dc:type>
      </xsl:if>
      <dc:format>application/tei+xml</dc:format>
      <xsl:if test="$identifier">
        <dc:identifier><xsl:value-of select="$identifier"/></dc:identifier>
      </xsl:if>
      <xsl:for-each select="$fd/t:sourceDesc/t:msDesc/t:msIdentifier/t:idno | $fd/t:sourceDesc/t:bibl/t:idno">
        <dc:identifier><xsl:value-of select="concat(@type, ': ', normalize-space(.))"/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:sourceDesc/t:msDesc/t:msIdentifier">
        <dc:source>
          <xsl:for-each select="t:repository | t:collection | t:idno">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:if test="@type"><xsl:value-of select="concat(@type, ' ')"/></xsl:if>
            <xsl:value-of select="normalize-space(.)"/>
          </xsl:for-each>
        </dc:source>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:sourceDesc/t:bibl">
        <dc:source>
          <xsl:value-of select="normalize-space(t:author)"/>
          <xsl:value-of select="concat(', &#x201C;', normalize-space(t:title), '&#x201D;')"/>
          <xsl:for-each select="t:biblScope">
            <xsl:value-of select="concat(', ', @unit, ' ', normalize-space(.))"/>
          </xsl:for-each>
          <xsl:if test="t:date"><xsl:value-of select="concat(', ', normalize-space(t:date))"/></xsl:if>
          <xsl:for-each select="t:idno">
            <xsl:value-of select="concat(', ', @type, ' ', normalize-space(.))"/>
          </xsl:for-each>
        </dc:source>
      </xsl:for-each>
      <xsl:for-each select="$h/t:profileDesc/t:langUsage/t:language/@ident">
        <dc:language><xsl:value-of select="."/></dc:language>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:notesStmt/t:relatedItem/@target">
        <dc:relation><xsl:value-of select="."/></dc:relation>
      </xsl:for-each>
      <xsl:for-each select="$h/t:profileDesc/t:settingDesc/t:setting/t:placeName">
        <dc:coverage><xsl:value-of select="normalize-space(.)"/></dc:coverage>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:publicationStmt/t:availability/t:licence">
        <dc:rights><xsl:value-of select="normalize-space(.)"/></dc:rights>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>
</xsl:stylesheet>
