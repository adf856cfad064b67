<?php
# expect: read
$conf['site_403'] = <<<EOT
It's forbidden, "really"; $notavar isn't read
EOT;
$conf['site_404'] = <<<'NOW'
  Don't $look
  NOW;
$conf['x'] = <<<"Q"
'
Q . 'tail';
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'knoll', 'username' => 'ku', 'password' => 'kp', 'host' => 'kh');
