using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>Sample documents the tests build themselves (nothing is downloaded).</summary>
public static class SampleFiles
{
    public static UploadFile Pdf(string name, params string[] pages) => new(name, MinimalPdf(pages), "application/pdf");

    /// <summary>A password-protected PDF made once with qpdf (user password "secret"), shipped with the tests.</summary>
    public static UploadFile ProtectedPdf() =>
        new("protected.pdf", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "protected.pdf")), "application/pdf");

    /// <summary>A valid PDF 1.4 with one text page per argument (Helvetica, one line per sentence).</summary>
    public static byte[] MinimalPdf(params string[] pages)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {pages.Length} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        foreach (var (text, index) in pages.Select((text, index) => (text, index)))
        {
            var lines = text.Split(". ").Select(l => l.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)"));
            var content = "BT /F1 11 Tf 14 TL 56 760 Td " + string.Concat(lines.Select(l => $"({l}) Tj T* ")) + "ET";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + (2 * index)} 0 R >>");
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream");
        }

        return Assemble(objects);
    }

    /// <summary>
    /// One page of Chinese in Adobe's standard STSong-Light font, not embedded (as many Chinese
    /// PDFs are): reading it needs poppler-data's character maps.
    /// </summary>
    public static UploadFile ChinesePdf(string name, string text)
    {
        var codes = string.Concat(text.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
        var content = $"BT /F1 24 Tf 56 700 Td <{codes}> Tj ET";
        return new(name, Assemble(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        ]), "application/pdf");
    }

    /// <summary>
    /// A PDF whose first page is drawn in a font whose character map sends every code to the
    /// private-use area (as PDFs with broken font encodings extract: a page of unreadable
    /// characters that looks right on screen), and whose second page is plain Helvetica.
    /// </summary>
    public static UploadFile PdfWithUnreadableTextLayer(string name, string garbled, string readable)
    {
        const string toUnicode = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbled def "
            + "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> <E000> endbfrange endcmap "
            + "CMapName currentdict /CMap defineresource pop end end";
        var first = $"BT /F1 14 Tf 56 700 Td ({garbled}) Tj ET";
        var second = $"BT /F2 14 Tf 56 700 Td ({readable}) Tj ET";
        return new(name, Assemble(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 8 0 R >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            $"<< /Length {first.Length} >>\nstream\n{first}\nendstream",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F2 9 0 R >> >> /Contents 7 0 R >>",
            $"<< /Length {second.Length} >>\nstream\n{second}\nendstream",
            $"<< /Length {toUnicode.Length} >>\nstream\n{toUnicode}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]), "application/pdf");
    }

    /// <summary>
    /// A scan: one page that is only a grey-scale picture of <paramref name="text"/> (rendered by
    /// poppler's pdftoppm from a text PDF, 200 dpi), with no text layer at all.
    /// </summary>
    public static UploadFile ScannedPdf(string name, string text)
    {
        var folder = Directory.CreateTempSubdirectory("docchat-scan-");
        try
        {
            var source = Path.Combine(folder.FullName, "source.pdf");
            File.WriteAllBytes(source, MinimalPdf(text));
            using (var render = System.Diagnostics.Process.Start("pdftoppm", ["-r", "200", "-gray", "-singlefile", source, Path.Combine(folder.FullName, "page")]))
            {
                render.WaitForExit();
            }

            // A binary PGM: "P5", width, height, 255, then one byte a pixel.
            var pgm = File.ReadAllBytes(Path.Combine(folder.FullName, "page.pgm"));
            var header = Encoding.ASCII.GetString(pgm, 0, 32).Split((char[])['\n', ' '], 5, StringSplitOptions.RemoveEmptyEntries);
            var (width, height) = (int.Parse(header[1], CultureInfo.InvariantCulture), int.Parse(header[2], CultureInfo.InvariantCulture));
            var pixels = pgm.AsSpan(pgm.Length - (width * height));
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal))
            {
                zlib.Write(pixels);
            }

            var hex = Convert.ToHexString(compressed.ToArray()) + ">";
            const string draw = "q 612 0 0 792 0 0 cm /Im1 Do Q";
            return new(name, Assemble(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
                $"<< /Length {draw.Length} >>\nstream\n{draw}\nendstream",
                $"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 "
                    + $"/Filter [/ASCIIHexDecode /FlateDecode] /Length {hex.Length} >>\nstream\n{hex}\nendstream",
            ]), "application/pdf");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A PDF file of these objects (numbered from 1, the first the catalog) with its cross-reference table.</summary>
    private static byte[] Assemble(IReadOnlyList<string> objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A Word document: a heading, a paragraph, two list items and a table.</summary>
    public static UploadFile Docx(string name)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Paragraph("Travel policy", style: "Heading1"),
                Paragraph("Trains are preferred over planes for trips under five hours."),
                Paragraph("Book through the travel desk.", listItem: true),
                Paragraph("Keep every receipt.", listItem: true),
                Paragraph("Allowances", style: "Heading2"),
                new Table(
                    new TableRow(Cell("City"), Cell("Daily allowance")),
                    new TableRow(Cell("Paris"), Cell("95 euros")))));
        }

        return new UploadFile(name, stream.ToArray(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    /// <summary>
    /// A real-looking .docx whose body nests <paramref name="depth"/> content controls
    /// (<c>w:sdt/w:sdtContent</c>) around one paragraph: a few kilobytes that once overflowed the stack.
    /// </summary>
    public static UploadFile NestedDocx(string name, int depth) => Zip(name, archive =>
    {
        Write(archive, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """);
        Write(archive, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """);
        using var writer = new StreamWriter(archive.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open());
        writer.Write("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""");
        for (var i = 0; i < depth; i++)
        {
            writer.Write("<w:sdt><w:sdtContent>");
        }

        writer.Write("<w:p><w:r><w:t>deep inside</w:t></w:r></w:p>");
        for (var i = 0; i < depth; i++)
        {
            writer.Write("</w:sdtContent></w:sdt>");
        }

        writer.Write("</w:body></w:document>");
    });

    /// <summary>An HTML page with <paramref name="depth"/> nested elements of <paramref name="tag"/>, never closed.</summary>
    public static UploadFile NestedHtml(string name, int depth, string tag = "div") =>
        new(name, Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>" + new StringBuilder().Insert(0, $"<{tag}>", depth) + "deep inside</body></html>"), "text/html");

    /// <summary>A small zip named .docx whose one entry inflates to <paramref name="inflatedBytes"/> of zeros.</summary>
    /// <summary>
    /// The shape of a password-protected Word file: Word encrypts the zip into an OLE compound file
    /// (signature D0 CF 11 E0 A1 B1 1A E1) whose directory names the streams "EncryptionInfo" and
    /// "EncryptedPackage". With <paramref name="encrypted"/> false, the same container without
    /// them, as an old .doc renamed to .docx would be. Not decryptable: only what is recognised.
    /// </summary>
    public static UploadFile CompoundFile(string name, bool encrypted)
    {
        var file = new byte[1536];
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(file);
        var names = encrypted ? new[] { "Root Entry", "EncryptionInfo", "EncryptedPackage" } : ["Root Entry", "WordDocument"];
        for (var i = 0; i < names.Length; i++)
        {
            // Directory entries of 128 bytes in the sector after the 512-byte header, each starting with its UTF-16 name.
            Encoding.Unicode.GetBytes(names[i]).CopyTo(file, 512 + (128 * i));
        }

        return new(name, file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    public static UploadFile ZipBomb(string name, long inflatedBytes) => Zip(name, archive =>
    {
        using var entry = archive.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
        var zeros = new byte[1024 * 1024];
        for (long written = 0; written < inflatedBytes; written += zeros.Length)
        {
            entry.Write(zeros, 0, (int)Math.Min(zeros.Length, inflatedBytes - written));
        }
    });

    /// <summary>A zip named .docx with many tiny entries.</summary>
    public static UploadFile ManyEntries(string name, int entries) => Zip(name, archive =>
    {
        for (var i = 0; i < entries; i++)
        {
            using var writer = new StreamWriter(archive.CreateEntry($"part{i}.xml").Open());
            writer.Write("<x/>");
        }
    });

    private static void Write(ZipArchive archive, string entryName, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
        writer.Write(text);
    }

    private static UploadFile Zip(string name, Action<ZipArchive> fill)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(archive);
        }

        return new UploadFile(name, stream.ToArray(), "application/zip");
    }

    private static Paragraph Paragraph(string text, string? style = null, bool listItem = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = style };
        }

        if (listItem)
        {
            properties.NumberingProperties = new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 });
        }

        return new Paragraph(properties, new Run(new Text(text)));
    }

    private static TableCell Cell(string text) => new(new Paragraph(new Run(new Text(text))));
}
