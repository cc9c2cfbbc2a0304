<#setting c_format="JSON">
{
  "session": ${sessionName?c},
  "web_ui_port": ${webUiPort},
  "user": ${user?c},
  "password": ${password?c}
}
