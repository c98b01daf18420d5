using AngleSharp.Html.Dom;

namespace DocChat.Web.Tests.Infrastructure;

/// <summary>What a browser sends for a form: named, enabled controls of every kind.</summary>
public static class FormFields
{
    public static List<KeyValuePair<string, string>> Collect(
        IHtmlFormElement form, IHtmlButtonElement? submitter, IDictionary<string, string>? values)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name, IsDisabled: false } input:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "reset" or "file")
                    {
                        continue;
                    }

                    if (type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        continue;
                    }

                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name, IsDisabled: false } textArea:
                    fields.Add(new(name, textArea.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name, IsDisabled: false } select:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null)
                    {
                        fields.Add(new(name, selected.Value));
                    }

                    break;
            }
        }

        if (submitter is not null)
        {
            Assert.Same(form, submitter.Form);
            if (!string.IsNullOrEmpty(submitter.Name))
            {
                fields.Add(new(submitter.Name, submitter.Value));
            }
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            var index = fields.FindIndex(f => f.Key == name);
            Assert.True(index >= 0, $"The form has no field named {name}; a user could not type into it.");
            fields[index] = new(name, value);
        }

        return fields;
    }
}
