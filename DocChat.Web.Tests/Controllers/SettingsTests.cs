using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using System.Net;
using DocChat.Web.Data.Entities;
using DocChat.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DocChat.Web.Tests.Controllers;

public sealed class SettingsTests : SignedInTest
{
    [Fact]
    public async Task SettingsForm_ShowsTheDefaults_AndNoGenerativeModeWithoutAModel()
    {
        var page = await Browser.GetAsync("/Chat");

        var form = page.Form("#settings-form");
        Assert.Equal("Extractive", form.QuerySelector<IHtmlSelectElement>("#settings-mode")!.Value);
        Assert.True(form.QuerySelector<IHtmlOptionElement>("#settings-mode option[value=Generative]")!.IsDisabled);
        Assert.Equal("5", form.QuerySelector<IHtmlInputElement>("#settings-passages")!.Value);
        Assert.Equal("0.2", form.QuerySelector<IHtmlInputElement>("#settings-temperature")!.Value);
        Assert.True(form.QuerySelector<IHtmlInputElement>("#scope-all")!.IsChecked);
    }

    [Theory]
    [InlineData("PassageCount", "0", "Passages must be between 1 and 20.")]
    [InlineData("PassageCount", "21", "Passages must be between 1 and 20.")]
    [InlineData("Temperature", "2.5", "Temperature must be between 0 and 2.")]
    [InlineData("Mode", "Generative", "Generative answers need a language model, and none is configured on this server.")]
    [InlineData("Mode", "Psychic", "Choose extractive or generative answers.")]
    [InlineData("Scope", "selected", "Choose at least one document, or answer from all documents.")]
    public async Task Post_Settings_InvalidValue_Answers400WithAMessage_AndChangesNothing(string field, string value, string error)
    {
        var page = await Browser.GetAsync("/Chat");

        var response = await Browser.SubmitAsync(page.Form("#settings-form"), new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rendered = await TestBrowser.ParseAsync(response);
        Assert.Contains(error, rendered.Texts("#settings-errors li"));
        Assert.NotNull(rendered.Document.QuerySelector("#answer-settings[open]"));
        Assert.Equal(AnswerSettings.Default, (await Factory.OnlySessionAsync(UserId)).Settings);
    }

    [Fact]
    public async Task Post_Settings_WithAnotherUsersDocument_IsRefused()
    {
        using var other = Factory.CreateBrowser();
        await other.RegisterAsync();
        await other.UploadAsync(ChatActions.TextFile("theirs.txt", "Their document."));
        var theirs = await Factory.WithDbAsync(db => db.Documents.Select(d => d.Id).SingleAsync());
        await Browser.UploadAsync(ChatActions.TextFile("mine.txt", "My document."));
        var page = await Browser.GetAsync("/Chat");

        // The form only offers the user's own document; a forged post adds the other one.
        var fields = FormFields.Collect(page.Form("#settings-form"), null, new Dictionary<string, string> { ["Scope"] = "selected" });
        fields.Add(new("DocumentIds", theirs.ToString()));
        var response = await Browser.Http.PostAsync("/Chat/Settings", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("theirs.txt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await Factory.CountAsync<SessionDocument>());
    }

    [Fact]
    public async Task Settings_AreStoredWithTheSession_UsedForAnswers_AndShownInTheDetails()
    {
        await Browser.UploadAsync(ChatActions.TextFile("apples.txt", "Apples grow on trees in orchards."));
        await Browser.UploadAsync(ChatActions.TextFile("pears.txt", "Pears grow on trees in orchards too."));
        var apples = await Factory.WithDbAsync(db => db.Documents.Where(d => d.FileName == "apples.txt").Select(d => d.Id).SingleAsync());
        var page = await Browser.GetAsync("/Chat");
        var form = page.Form("#settings-form");
        form.QuerySelector<IHtmlInputElement>($"#scope-{apples}")!.IsChecked = true;

        await Browser.SubmitAndFollowAsync(form, new Dictionary<string, string> { ["PassageCount"] = "1", ["Temperature"] = "0.7", ["Scope"] = "selected" });
        var chat = await Browser.SendAsync("What grows on trees in orchards?");

        var session = await Factory.OnlySessionAsync(UserId);
        Assert.Equal(new AnswerSettings { PassageCount = 1, Temperature = 0.7, AllDocuments = false }, session.Settings);
        var answer = (await Factory.MessagesAsync(session.Id))[1];
        Assert.Equal(session.Settings, answer.Metadata.Settings);
        Assert.Equal([apples], answer.Metadata.ScopedDocumentIds);
        var retrieved = Assert.Single(answer.Metadata.RetrievedChunkIds);
        Assert.Equal("apples.txt", Assert.Single(answer.Metadata.References).DocumentName);

        var details = chat.Document.QuerySelector("article.message[data-role=assistant] details.answer-details")!;
        Assert.Equal("Extractive", details.QuerySelector(".detail-mode")!.TextContent);
        Assert.Equal("1", details.QuerySelector(".detail-passage-count")!.TextContent);
        Assert.Equal("0.7", details.QuerySelector(".detail-temperature")!.TextContent);
        Assert.Equal("1 chosen documents", details.QuerySelector(".detail-scope")!.TextContent);
        Assert.Equal(retrieved.ToString(System.Globalization.CultureInfo.InvariantCulture), details.QuerySelector(".detail-retrieved")!.TextContent);
    }

    [Fact]
    public async Task ClearingMessages_KeepsTheSettings_ANewSessionStartsFromTheUsersDefaults()
    {
        var page = await Browser.GetAsync("/Chat");
        await Browser.SubmitAndFollowAsync(page.Form("#settings-form"), new Dictionary<string, string> { ["PassageCount"] = "7" });
        await Browser.ClearAsync("messages");
        Assert.Equal(7, (await Factory.OnlySessionAsync(UserId)).Settings.PassageCount);

        await Browser.ClearAsync("session");
        Assert.Equal(AnswerSettings.Default, (await Factory.OnlySessionAsync(UserId)).Settings);

        page = await Browser.GetAsync("/Chat");
        var form = page.Form("#settings-form");
        form.QuerySelector<IHtmlInputElement>("#settings-default")!.IsChecked = true;
        var saved = await Browser.SubmitAndFollowAsync(form, new Dictionary<string, string> { ["PassageCount"] = "9" });
        Assert.Equal("Answer settings saved, also for new sessions", saved.Document.QuerySelector("#status-message")!.TextContent.Trim());
        await Browser.ClearAsync("session");
        Assert.Equal(9, (await Factory.OnlySessionAsync(UserId)).Settings.PassageCount);
    }
}
