using System.Text;
using DocChat.Web.Data.Entities;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace DocChat.Web.Services.Answering;

/// <summary>The messages sent to the model: instructions with the numbered passages, recent turns, the question.</summary>
public static class GenerativePrompt
{
    public const string Instructions = """
        You are DocChat. Answer the user's question using only the numbered passages from their documents below.
        Cite every statement with the number of the passage it comes from in square brackets, like [1] or [2][3].
        If the passages do not contain the answer, say that the documents do not cover it. Do not invent facts.
        Answer in Markdown, briefly.
        """;

    public static List<ChatMessage> Build(AnswerRequest request, IReadOnlyList<RetrievedPassage> passages, int historyCharacters)
    {
        var system = new StringBuilder(Instructions).AppendLine().AppendLine("Passages:");
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i];
            system.Append('[').Append(i + 1).Append("] (").Append(passage.DocumentName);
            if (passage.PageNumber is { } page)
            {
                system.Append(", page ").Append(page);
            }

            if (passage.Heading is { } heading)
            {
                system.Append(", section \"").Append(heading).Append('"');
            }

            system.AppendLine(")").AppendLine(passage.Text.Trim()).AppendLine();
        }

        var messages = new List<ChatMessage> { new SystemChatMessage(system.ToString()) };
        messages.AddRange(RecentTurns(request.History, historyCharacters));
        messages.Add(new UserChatMessage(request.Question));
        return messages;
    }

    /// <summary>The newest turns that fit the budget, oldest first, starting with a question.</summary>
    private static IEnumerable<ChatMessage> RecentTurns(IReadOnlyList<ConversationTurn> history, int budget)
    {
        var kept = new List<ChatMessage>();
        foreach (var turn in history.Reverse())
        {
            budget -= turn.Content.Length;
            if (budget < 0)
            {
                break;
            }

            kept.Add(turn.Role == MessageRole.User ? new UserChatMessage(turn.Content) : new AssistantChatMessage(turn.Content));
        }

        kept.Reverse();

        // An answer whose question did not fit would read as out of context.
        return kept.SkipWhile(m => m is AssistantChatMessage);
    }
}
