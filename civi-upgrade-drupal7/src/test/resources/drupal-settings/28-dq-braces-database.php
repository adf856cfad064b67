<?php
# expect: refused line 4 "'database' in $databases['default']['default'] is a string with a $variable inside"
$site = 'clientB';
$databases['default']['default'] = array('driver' => 'mysql', 'database' => "drupal_{$site}", 'username' => 'u', 'password' => 'p', 'host' => 'h');
