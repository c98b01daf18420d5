using System.ComponentModel.DataAnnotations;
using DocChat.Web.Data.Entities;

namespace DocChat.Web.Models.Chat;

public sealed class SendMessageInput
{
    [Required(ErrorMessage = "Type a message first.")]
    [StringLength(ChatMessage.ContentMaxLength, ErrorMessage = "A message can be at most {1:N0} characters.")]
    public string? Message { get; set; }
}
