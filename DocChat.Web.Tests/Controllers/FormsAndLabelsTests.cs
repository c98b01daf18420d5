using DocChat.Web.Tests.Infrastructure;

namespace DocChat.Web.Tests.Controllers;

/// <summary>Every page: each post form carries its antiforgery token, each control has a label.</summary>
[Trait("Provider", "Any")]
public sealed class FormsAndLabelsTests : SignedInTest
{
    [Fact]
    public async Task EveryPage_PostFormsCarryTheirToken_AndEveryControlIsLabelled()
    {
        await Browser.UploadAsync(ChatActions.TextFile("handbook.md", "Vacation requests go to your manager."));
        var chat = await Browser.SendAsync("vacation requests");
        var session = await Factory.OnlySessionAsync(UserId);
        var passage = chat.Document.QuerySelector(".reference a")!.GetAttribute("href")!.Split('#')[0];

        // The signed-in user registered first, so is the administrator; another account gives the admin page its row actions.
        using var other = Factory.CreateBrowser();
        var otherId = await Factory.UserIdAsync(await other.RegisterAsync());

        foreach (var url in new[]
                 {
                     "/Chat", "/Documents", "/Search?q=vacation", passage, "/Chat/ConfirmClear?scope=messages",
                     "/Chat/ConfirmClear?scope=session", "/Chat/ConfirmClear?scope=context", $"/Chat/Sessions/{session.Id}/Delete",
                     "/Admin", $"/Admin/Users/{otherId}/Erase", "/Identity/Account/Manage/PersonalData", "/Identity/Account/Manage/DeletePersonalData",
                 })
        {
            var page = await Browser.GetAsync(url);
            foreach (var form in page.Document.QuerySelectorAll("form[method=post]"))
            {
                Assert.True(form.QuerySelector("input[name=__RequestVerificationToken]") is not null, $"{url}: form {form.Id} has no antiforgery token.");
            }

            foreach (var control in page.Document.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            {
                var labelled = control.HasAttribute("aria-label") || control.HasAttribute("aria-labelledby")
                    || (control.Id is { Length: > 0 } id && page.Document.QuerySelector($"label[for='{id}']") is not null)
                    || control.Closest("label") is not null;
                Assert.True(labelled, $"{url}: {control.OuterHtml[..Math.Min(120, control.OuterHtml.Length)]} has no label.");
            }

            foreach (var button in page.Document.QuerySelectorAll("button, a"))
            {
                Assert.True(button.TextContent.Trim().Length > 0 || button.HasAttribute("aria-label"), $"{url}: {button.OuterHtml} has no name.");
            }
        }
    }
}
