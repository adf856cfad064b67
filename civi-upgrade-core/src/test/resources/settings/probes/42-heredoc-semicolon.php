<?php
$civicrm_setting['domain']['note'] = <<<EOT
Moved servers; old line was
define('CIVICRM_DSN', 'mysql://old:old@oldhost/olddb?new_link=true');
EOT;
define('CIVICRM_DSN', 'mysql://new_u:s3cr3t@dbhost.example/newdb?new_link=true');
