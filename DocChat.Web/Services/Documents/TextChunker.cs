using System.Text.RegularExpressions;
using DocChat.Web.Data.Entities;
using DocChat.Web.Options;
using DocChat.Web.Services.Answering;
using Microsoft.Extensions.Options;

namespace DocChat.Web.Services.Documents;

public sealed record TextChunk(int Ordinal, int StartOffset, int Length, string Text)
{
    public int? Page { get; init; }
    public string? Heading { get; init; }

    /// <summary>The white space between this passage and the next in the document's text (empty after the last).</summary>
    public string Separator { get; init; } = "";
}

/// <summary>
/// Cuts text into passages of at most <see cref="DocumentOptions.MaxPassageCharacters"/>,
/// preferring paragraph ends, then sentence ends, then spaces. Each passage records its
/// character offset into the original text so a reference can point back to it.
/// </summary>
public sealed partial class TextChunker(IOptions<DocumentOptions> options)
{
    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();

    /// <summary>
    /// Joins the sections into one text (blank lines between them) and cuts each section into
    /// passages on its own, so a passage never spans two headings or two pages. Only white space
    /// falls between passages; each passage keeps what follows it up to the next
    /// (<see cref="TextChunk.Separator"/>), so together they are the text from the first passage on.
    /// </summary>
    public IReadOnlyList<TextChunk> Split(IReadOnlyList<TextSection> sections)
    {
        var chunks = new List<TextChunk>();
        var length = 0;

        // What follows the last passage so far: white space, its separator once the next comes.
        var between = new System.Text.StringBuilder();
        foreach (var section in sections)
        {
            if (length > 0)
            {
                between.Append("\n\n");
                length += 2;
            }

            var end = 0;
            foreach (var chunk in Split(section.Text))
            {
                between.Append(section.Text, end, chunk.StartOffset - end);
                if (chunks.Count > 0)
                {
                    chunks[^1] = chunks[^1] with { Separator = between.ToString() };
                }

                between.Clear();
                chunks.Add(chunk with
                {
                    Ordinal = chunks.Count,
                    StartOffset = length + chunk.StartOffset,
                    Page = section.Page,
                    Heading = section.Heading is { Length: > DocumentChunk.HeadingMaxLength } heading ? heading[..DocumentChunk.HeadingMaxLength] : section.Heading,
                });
                end = chunk.StartOffset + chunk.Length;
            }

            between.Append(section.Text, end, section.Text.Length - end);
            length += section.Text.Length;
        }

        return chunks;
    }

    public IReadOnlyList<TextChunk> Split(string text)
    {
        var max = options.Value.MaxPassageCharacters;
        var chunks = new List<TextChunk>();
        int? chunkStart = null;
        var chunkEnd = 0;

        foreach (var piece in Pieces(text, max))
        {
            if (chunkStart is { } start && piece.Start + piece.Length - start > max)
            {
                chunks.Add(Chunk(text, chunks.Count, start, chunkEnd));
                chunkStart = null;
            }

            chunkStart ??= piece.Start;
            chunkEnd = piece.Start + piece.Length;
        }

        if (chunkStart is { } last)
        {
            chunks.Add(Chunk(text, chunks.Count, last, chunkEnd));
        }

        return chunks;
    }

    /// <summary>Paragraphs; a paragraph longer than the limit becomes sentences, then word-bounded slices.</summary>
    private static IEnumerable<TextSpan> Pieces(string text, int max)
    {
        foreach (var paragraph in TextSpans.Split(text, ParagraphBreak()))
        {
            if (paragraph.Length <= max)
            {
                yield return paragraph;
                continue;
            }

            foreach (var sentence in SentenceSplitter.Split(text, paragraph))
            {
                foreach (var slice in Slices(text, sentence, max))
                {
                    yield return slice;
                }
            }
        }
    }

    /// <summary>Slices a too-long sentence at the last space before the limit (or hard, if there is none).</summary>
    private static IEnumerable<TextSpan> Slices(string text, TextSpan span, int max)
    {
        var start = span.Start;
        var end = span.Start + span.Length;
        while (end - start > max)
        {
            var cut = text.LastIndexOf(' ', start + max - 1, max);
            if (cut <= start)
            {
                cut = start + max;
            }

            if (TextSpans.Trim(text, start, cut) is { } slice)
            {
                yield return slice;
            }

            start = cut;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        if (TextSpans.Trim(text, start, end) is { } rest)
        {
            yield return rest;
        }
    }

    private static TextChunk Chunk(string text, int ordinal, int start, int end) =>
        new(ordinal, start, end - start, text[start..end]);
}
