using DocChat.Web.Data.Entities;

namespace DocChat.Web.Services.Answering;

public static class References
{
    public static MessageReference For(int number, RetrievedPassage passage, string quote) =>
        new(number, passage.DocumentId, passage.DocumentName, passage.ChunkId, passage.StartOffset, passage.Length, quote)
        {
            PageNumber = passage.PageNumber,
        };
}
