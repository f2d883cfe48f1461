"""A document's change page with its files: their names shown, not a link into storage that has none (a 500 before)."""

import re


def test_the_change_page_of_a_document_with_a_file_opens_and_names_the_file(client, make_document, clerk, files):
    document = make_document(files=[(files["pdf"], "quyet-dinh-146.pdf")])
    client.force_login(clerk)
    response = client.get(f"/admin/documents/document/{document.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    stored = document.files.get().file.name.rsplit("/", 1)[-1]
    assert re.search(r'<span class="stored-file">Tệp hiện tại: ' + re.escape(stored) + r"</span><br>"
                     r'Thay bằng tệp khác: <input type="file" name="files-0-file"', page)
