using System.ComponentModel.DataAnnotations;

namespace DocChat.Web.Areas.Identity.Pages.Account;

/// <summary>A password being chosen (registration, reset link), typed twice, with DocChat's one rule: 8 characters.</summary>
public class ChosenPassword
{
    public const string Rule = "Use a password of at least 8 characters.";

    [Required(ErrorMessage = Rule)]
    [StringLength(100, MinimumLength = 8, ErrorMessage = Rule)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [DataType(DataType.Password)]
    [Display(Name = "Confirm password")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
