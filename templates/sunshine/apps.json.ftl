<#setting c_format="JSON">
{
  "env": {
    "DISPLAY": ${display?c},
    "XAUTHORITY": ${xauthority?c}
  },
  "apps": [
    {
      "name": "Desktop",
<#if resizeScript?has_content>
      "prep-cmd": [
        {
          "do": ${("sh " + resizeScript)?c},
          "undo": ${("sh " + resizeScript + " " + width + " " + height)?c}
        }
      ],
</#if>
      "auto-detach": true,
      "wait-all": true,
      "exit-timeout": 5
    }
  ]
}
