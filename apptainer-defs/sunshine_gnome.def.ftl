<#import "sunshine_common.ftl" as common>
<@common.definition desktopName="GNOME" session=common.gnomeSession desktopPackages=common.gnomePackages/>
