using DocChat.Web.Data.Entities;
using DocChat.Web.Services.Answering;
using OpenAI.Chat;

namespace DocChat.Web.Tests.Services;

public sealed class GenerativePromptTests
{
    private static readonly RetrievedPassage Passage = new(7, Guid.NewGuid(), "report.pdf", 0, 20, 3, "Costs", "Costs fell in autumn.", -1.5);

    [Fact]
    public void Build_NumbersThePassagesWithTheirSource_ThenTheRecentTurnsWithinTheBudget_ThenTheQuestion()
    {
        var history = new List<ConversationTurn>
        {
            new(MessageRole.User, new string('o', 500)),
            new(MessageRole.Assistant, "old answer"),
            new(MessageRole.User, "recent question"),
            new(MessageRole.Assistant, "recent answer"),
        };
        var request = new AnswerRequest("user", Guid.NewGuid(), "What about costs?", AnswerSettings.Default, history);

        var messages = GenerativePrompt.Build(request, [Passage], historyCharacters: 100);

        var system = Assert.IsType<SystemChatMessage>(messages[0]).Content[0].Text;
        Assert.Contains("[1] (report.pdf, page 3, section \"Costs\")\nCosts fell in autumn.", system, StringComparison.Ordinal);
        Assert.Equal(
            ["recent question", "recent answer", "What about costs?"],
            messages.Skip(1).Select(m => m.Content[0].Text));
        Assert.IsType<UserChatMessage>(messages[1]);
        Assert.IsType<AssistantChatMessage>(messages[2]);
    }

    [Fact]
    public void CitationMap_KeepsRetrievedNumbers_DropsOthers()
    {
        var (text, references) = Citations.Map("Fell [1], rose [2], fell again [1][0].", [Passage], quoteCharacters: 100);

        Assert.Equal("Fell [1], rose , fell again [1].", text);
        var reference = Assert.Single(references);
        Assert.Equal((1, 7L, 3), (reference.Number, reference.ChunkId, reference.PageNumber));
    }
}
