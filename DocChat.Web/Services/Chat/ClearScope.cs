namespace DocChat.Web.Services.Chat;

public enum ClearScope
{
    /// <summary>Delete the messages, keep the session (id, title, settings).</summary>
    Messages,

    /// <summary>Delete the session with everything in it and start a new one.</summary>
    Session,

    /// <summary>Forget context: keep the transcript, but send a model nothing from before this point.</summary>
    Context,
}

public static class ClearScopes
{
    public const string InvalidMessage = "Scope must be \"messages\", \"session\" or \"context\".";

    /// <summary>Parses the form or JSON value; a missing value means <see cref="ClearScope.Messages"/>.</summary>
    public static bool TryParse(string? value, out ClearScope scope)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "messages":
                scope = ClearScope.Messages;
                return true;
            case "session":
                scope = ClearScope.Session;
                return true;
            case "context":
                scope = ClearScope.Context;
                return true;
            default:
                scope = default;
                return false;
        }
    }
}
