<?php
namespace Civi\Settings;
\define('CIVICRM_DSN', 'mysql://ns_u:s3cr3t@dbhost.example/ns?new_link=true');
