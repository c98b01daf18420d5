namespace DocChat.Web.Infrastructure;

/// <summary>The body of every failed /api response: <c>{"error": "..."}</c>.</summary>
public sealed record ApiError(string Error);
