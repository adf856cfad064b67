<?php
$civicrm_setting['domain']['footer'] = <<<'EOT'
Don't edit
EOT;
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
define('CIVICRM_UF', 'Drupal');
