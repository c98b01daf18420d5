using System.ComponentModel.DataAnnotations;
using DocChat.Web.Services.Chat;

namespace DocChat.Web.Models.Chat;

/// <summary>The Clear form: <c>Scope</c> is "messages" (default), "session" or "context" (Forget context).</summary>
public sealed class ClearInput : IValidatableObject
{
    public string? Scope { get; set; }

    public ClearScope ParsedScope => ClearScopes.TryParse(Scope, out var scope) ? scope : ClearScope.Messages;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ClearScopes.TryParse(Scope, out _))
        {
            yield return new ValidationResult(ClearScopes.InvalidMessage, [nameof(Scope)]);
        }
    }
}
